package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.gen4j.ManagedTest;
import org.gen4j.Tensors;
import org.gen4j.nn.Init;
import org.gen4j.nn.Parameters;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

/** Hinge and cross-entropy losses, orthogonal regularisation, weight clipping and the transposed convolution. */
class GanLossesTest extends ManagedTest {

    @Test
    void hingeLossesMatchHandComputation() {
        NDArray real = m.create(new float[] {2, 0.5f, -1});
        NDArray fake = m.create(new float[] {-3, 0, 0.5f});
        // real: max(0, 1 - 2) = 0, 0.5, 2 -> mean 2.5/3; fake: max(0, 1 - 3) = 0, 1, 1.5 -> mean 2.5/3
        assertThat((double) Losses.hingeDiscriminator(real, fake).getFloat()).isCloseTo(5.0 / 3, within(1e-6));
        assertThat((double) Losses.hingeGenerator(fake).getFloat()).isCloseTo(2.5 / 3, within(1e-6));
    }

    @Test
    void crossEntropyMatchesHandComputation() {
        NDArray logits = m.create(new float[] {1, 2, 3, 0, 0, 0}, new Shape(2, 3));
        NDArray labels = m.create(new long[] {2, 1});
        double first = -Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)));
        double second = Math.log(3);
        assertThat((double) Losses.crossEntropy(logits, labels).getFloat()).isCloseTo((first + second) / 2, within(1e-6));
    }

    /** ADC-GAN's classifier maps class y to 2y for real and 2y + 1 for generated images. */
    @Test
    void adcLossesMatchHandComputation() {
        NDArray y = m.create(new long[] {0, 2});
        assertThat(Losses.adcLabels(y, false).toLongArray()).containsExactly(0, 4);
        assertThat(Losses.adcLabels(y, true).toLongArray()).containsExactly(1, 5);
        // 2 classes -> 4 logits; rows: real image of class 0, real image of class 1
        NDArray real = m.create(new float[] {2, 0, 1, 0, 0, 1, 3, 0}, new Shape(2, 4));
        NDArray fake = m.create(new float[] {0, 1, 0, 0, 1, 0, 0, 2}, new Shape(2, 4));
        NDArray classes = m.create(new long[] {0, 1});
        double ceReal = (-logSoftmax(new double[] {2, 0, 1, 0}, 0) - logSoftmax(new double[] {0, 1, 3, 0}, 2)) / 2;
        double ceFake = (-logSoftmax(new double[] {0, 1, 0, 0}, 1) - logSoftmax(new double[] {1, 0, 0, 2}, 3)) / 2;
        assertThat((double) Losses.adcDiscriminator(real, classes, fake, classes).getFloat()).isCloseTo(ceReal + ceFake, within(1e-5));
        double toReal = (-logSoftmax(new double[] {0, 1, 0, 0}, 0) - logSoftmax(new double[] {1, 0, 0, 2}, 2)) / 2;
        assertThat((double) Losses.adcGenerator(fake, classes).getFloat()).isCloseTo(toReal - ceFake, within(1e-5));
    }

    private static double logSoftmax(double[] v, int i) {
        double sum = 0;
        for (double x : v) {
            sum += Math.exp(x);
        }
        return v[i] - Math.log(sum);
    }

    @Test
    void orthogonalRegularisationVanishesForOrthogonalFiltersOfAnyNorm() {
        NDArray q = Init.orthogonal().draw(m, new SplittableRandom(1), new Shape(4, 2, 3, 3)); // rows orthonormal
        NDArray scaled = q.mul(m.create(new float[] {1, 3, 0.5f, 2}).reshape(4, 1, 1, 1)); // norms change, angles do not
        assertThat((double) Penalties.orthogonal(scaled).getFloat()).isCloseTo(0, within(1e-9));
        // a Gram matrix with off-diagonal entries: W = [[1, 1], [1, 0]] -> W W^T = [[2, 1], [1, 1]] -> 2 * 1^2
        assertThat((double) Penalties.orthogonal(m.create(new float[] {1, 1, 1, 0}, new Shape(2, 2))).getFloat())
                .isCloseTo(2, within(1e-6));
    }

    @Test
    void orthogonalRegularisationGradientMatchesFiniteDifferences() {
        NDArray w = new StepRandom(2, 0).normal(m, 3, 2, 2, 2);
        w.setRequiresGradient(true);
        Tensors.checkGradients(Map.of("w", w), List.of("w"), () -> Penalties.orthogonal(w));
    }

    @Test
    void initOrthogonalGivesOrthonormalRowsOrColumns() {
        for (Shape shape : List.of(new Shape(3, 8), new Shape(8, 3), new Shape(4, 2, 3, 3))) {
            NDArray w = Init.orthogonal().draw(m, new SplittableRandom(3), shape);
            long rows = shape.get(0), cols = shape.size() / rows;
            NDArray mat = w.reshape(rows, cols);
            NDArray gram = rows <= cols ? mat.matMul(mat.transpose()) : mat.transpose().matMul(mat);
            assertThat(Tensors.maxAbsDiff(gram, m.eye((int) Math.min(rows, cols)))).isLessThan(1e-5);
        }
    }

    @Test
    void clippingBoundsEveryValue() {
        NDArray a = new StepRandom(4, 0).normal(m, 5, 5), b = new StepRandom(5, 0).normal(m, 3);
        float[] before = a.toFloatArray();
        Parameters.clip(List.of(a, b), 0.01);
        float[] after = a.toFloatArray();
        for (int i = 0; i < after.length; i++) {
            assertThat(after[i]).isBetween(-0.01f, 0.01f).isEqualTo(Math.max(-0.01f, Math.min(0.01f, before[i])));
        }
        for (float v : b.toFloatArray()) {
            assertThat(v).isBetween(-0.01f, 0.01f);
        }
    }

    /** The transposed convolution is the adjoint of the strided convolution: <T x, y> = <x, C y>. */
    @Test
    void transposedConvolutionIsTheAdjointOfTheStridedConvolution() {
        NDArray w = new StepRandom(6, 0).normal(m, 3, 2, 4, 4); // [Cin of T = Cout of C, Cout of T = Cin of C, k, k]
        NDArray x = new StepRandom(7, 0).normal(m, 2, 3, 5, 5);
        NDArray tx = Conv.convTranspose2d(x, w, null, 2, 1); // [2, 2, 10, 10]
        assertThat(tx.getShape()).isEqualTo(new Shape(2, 2, 10, 10));
        NDArray y = new StepRandom(8, 0).normal(m, 2, 2, 10, 10);
        NDArray cy = Conv.conv2d(y, w, null, 2, 1, 1); // [2, 3, 5, 5]
        double left = tx.mul(y).sum().getFloat(), right = x.mul(cy).sum().getFloat();
        assertThat(left).isCloseTo(right, within(1e-4 * Math.abs(right)));
    }
}
