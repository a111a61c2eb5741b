package org.gen4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.gen4j.ops.Scalars;

/**
 * How a layer's weight {@code [out, in, ...]} is first drawn, from a seeded generator so that
 * initialisation is reproducible. The fan-in of a weight is the product of all its extents but
 * the first, its fan-out the first extent times the kernel area.
 */
@FunctionalInterface
public interface Init {

    /** A freshly drawn weight of {@code shape} on {@code manager}. */
    NDArray draw(NDManager manager, RandomGenerator rng, Shape shape);

    /** {@code N(0, std^2)}, e.g. DCGAN's and BigGAN's CIFAR setting {@code std = 0.02}. */
    static Init normal(double std) {
        return (m, rng, shape) -> fill(m, shape, () -> std * rng.nextGaussian());
    }

    /**
     * {@code N(0, 1 / fanIn)}: Sonnet's default for convolutions and dense layers (a normal truncated
     * at two standard deviations there; the truncation is left out here), which CS-GAN's networks use.
     */
    static Init fanInNormal() {
        return (m, rng, shape) -> normal(1 / Math.sqrt(fanIn(shape))).draw(m, rng, shape);
    }

    /** {@code U(-bound, bound)}. */
    static Init uniform(double bound) {
        return (m, rng, shape) -> fill(m, shape, () -> bound * (2 * rng.nextDouble() - 1));
    }

    /**
     * PyTorch's default for {@code Conv2d} and {@code Linear} weights, Kaiming-uniform with
     * {@code a = sqrt(5)}: {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}. The same bound is PyTorch's
     * default for their biases.
     */
    static Init pytorchDefault() {
        return (m, rng, shape) -> uniform(1 / Math.sqrt(fanIn(shape))).draw(m, rng, shape);
    }

    /**
     * Glorot and Bengio's uniform initialisation: {@code U(-a, a)} with
     * {@code a = sqrt(6 / (fanIn + fanOut))}, the fan-out being the outputs times the kernel area
     * (TensorFlow's {@code xavier_initializer}, which the SAGAN code uses).
     */
    static Init xavierUniform() {
        return glorotUniform(1);
    }

    /**
     * {@code U(-a, a)} with {@code a = gain sqrt(6 / (fanIn + fanOut))}. The WGAN-GP code's
     * {@code tflib} layers use gain 1 ("glorot") and gain {@code sqrt(2)} ("he_init", i.e. a
     * standard deviation of {@code sqrt(4 / (fanIn + fanOut))}).
     */
    static Init glorotUniform(double gain) {
        return (m, rng, shape) -> {
            long fanOut = shape.get(0) * (shape.dimension() > 2 ? shape.size() / (shape.get(0) * shape.get(1)) : 1);
            return uniform(gain * Math.sqrt(6.0 / (fanIn(shape) + fanOut))).draw(m, rng, shape);
        };
    }

    /**
     * A (semi-)orthogonal weight (Saxe et al. 2014), BigGAN's initialisation: the weight viewed as
     * {@code [out, fanIn]} has orthonormal rows (or columns, whichever are fewer), from the QR
     * decomposition of a Gaussian matrix with the signs of R's diagonal folded in, as PyTorch's
     * {@code orthogonal_} draws it.
     */
    static Init orthogonal() {
        return (m, rng, shape) -> {
            int rows = (int) shape.get(0), cols = (int) (shape.size() / rows);
            boolean transpose = rows < cols;
            int r = transpose ? cols : rows, c = transpose ? rows : cols;
            DMatrixRMaj a = new DMatrixRMaj(r, c);
            for (int i = 0; i < a.data.length; i++) {
                a.data[i] = rng.nextGaussian();
            }
            QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(r, c);
            if (!qr.decompose(a)) {
                throw new IllegalStateException("QR decomposition failed");
            }
            DMatrixRMaj q = qr.getQ(null, true); // [r, c]
            DMatrixRMaj rr = qr.getR(null, true); // [c, c]
            float[] out = new float[rows * cols];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    double v = q.get(i, j) * Math.signum(rr.get(j, j) == 0 ? 1 : rr.get(j, j));
                    out[transpose ? j * cols + i : i * cols + j] = (float) v;
                }
            }
            return Scalars.fromHost(m, out, shape);
        };
    }

    /** Product of all extents but the first: inputs times kernel area. */
    static long fanIn(Shape shape) {
        return shape.size() / shape.get(0);
    }

    private static NDArray fill(NDManager m, Shape shape, java.util.function.DoubleSupplier value) {
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) value.getAsDouble();
        }
        return Scalars.fromHost(m, v, shape);
    }
}
