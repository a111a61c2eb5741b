package org.gen4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.gen4j.ManagedTest;
import org.junit.jupiter.api.Test;

class SpectralNormTest extends ManagedTest {

    /** The largest singular value of {@code w} viewed as [out, fanIn], by EJML's SVD. */
    static double topSingularValue(NDArray w) {
        int rows = (int) w.getShape().get(0);
        int cols = (int) (w.getShape().size() / rows);
        float[] v = w.toFloatArray(); // logical order, whatever the memory layout
        DMatrixRMaj a = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < v.length; i++) {
            a.data[i] = v[i];
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rows, cols, false, false, true);
        assertThat(svd.decompose(a)).isTrue();
        double max = 0;
        for (double s : svd.getSingularValues()) {
            max = Math.max(max, s);
        }
        return max;
    }

    @Test
    void sigmaConvergesToTheTopSingularValueAndTheNormalisedWeightHasUnitSpectralNorm() {
        Conv2d conv = new Conv2d(m, new SplittableRandom(3), 6, 8, 3, 1, 1, Init.normal(0.5), Bias.NONE, true);
        double expected = topSingularValue(conv.weight());
        NDArray normalised = null;
        for (int i = 0; i < 60; i++) {
            normalised = conv.effectiveWeight(); // one power iteration per training-mode forward
        }
        assertThat((double) conv.spectralNorm().sigma().getFloat()).isCloseTo(expected, within(1e-3 * expected));
        assertThat(topSingularValue(normalised)).isCloseTo(1.0, within(1e-3));
        // u is a unit vector
        assertThat((double) conv.spectralNorm().u().square().sum().getFloat()).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void evaluationModeNeitherUpdatesTheVectorsNorTheStoredSigma() {
        Linear lin = new Linear(m, new SplittableRandom(4), 5, 7, Init.normal(1), Bias.PYTORCH, true);
        lin.forward(m.ones(new Shape(2, 5)));
        float[] u = lin.spectralNorm().u().toFloatArray();
        float sigma = lin.spectralNorm().sigma().getFloat();
        lin.setTraining(false);
        NDArray a = lin.forward(m.ones(new Shape(2, 5)));
        NDArray b = lin.forward(m.ones(new Shape(2, 5)));
        assertThat(lin.spectralNorm().u().toFloatArray()).containsExactly(u);
        assertThat(lin.spectralNorm().sigma().getFloat()).isEqualTo(sigma);
        assertThat(a.toFloatArray()).containsExactly(b.toFloatArray());
    }

    @Test
    void uAndSigmaSurviveASaveAndLoad() {
        Linear a = new Linear(m, new SplittableRandom(5), 4, 3, Init.normal(1), Bias.PYTORCH, true);
        Linear b = new Linear(m, new SplittableRandom(6), 4, 3, Init.normal(1), Bias.PYTORCH, true);
        for (int i = 0; i < 3; i++) {
            a.forward(m.ones(new Shape(1, 4)));
        }
        assertThat(a.state()).containsKeys("weight", "bias", "sn.u", "sn.v", "sn.sigma");
        Map<String, NDArray> saved = new LinkedHashMap<>();
        a.state().forEach((k, v) -> saved.put(k, v.duplicate()));
        b.load(saved);
        assertThat(b.spectralNorm().u().toFloatArray()).containsExactly(a.spectralNorm().u().toFloatArray());
        assertThat(b.spectralNorm().sigma().getFloat()).isEqualTo(a.spectralNorm().sigma().getFloat());
        a.setTraining(false);
        b.setTraining(false);
        assertThat(b.forward(m.ones(new Shape(1, 4))).toFloatArray()).containsExactly(a.forward(m.ones(new Shape(1, 4))).toFloatArray());
    }

    /**
     * The gradient of a spectrally normalised layer treats u and v as constants (Miyato et al.,
     * equation 12): d/dW <G, W / sigma> = G / sigma - <G, W> u v^T / sigma^2.
     */
    @Test
    void theGradientHoldsTheSingularVectorsConstant() {
        Linear lin = new Linear(m, new SplittableRandom(7), 3, 2, Init.normal(1), Bias.NONE, true);
        NDArray x = m.create(new float[] {0.3f, -1.2f, 0.7f}, new Shape(1, 3));
        NDArray g = m.create(new float[] {1.5f, -0.4f}, new Shape(1, 2));
        for (int i = 0; i < 30; i++) {
            lin.forward(x); // converge u, v
        }
        NDArray w = lin.weight();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(lin.forward(x).mul(g).sum());
        }
        float[] grad = w.getGradient().toFloatArray();
        float[] u = lin.spectralNorm().u().toFloatArray();
        float[] v = lin.spectralNorm().v().toFloatArray();
        float[] wv = w.toFloatArray();
        double sigma = lin.spectralNorm().sigma().getFloat();
        float[] xv = x.toFloatArray(), gv = g.toFloatArray();
        double gw = 0; // <g x^T, W>
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                gw += gv[i] * xv[j] * wv[i * 3 + j];
            }
        }
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double expected = gv[i] * xv[j] / sigma - gw * u[i] * v[j] / (sigma * sigma);
                assertThat((double) grad[i * 3 + j]).isCloseTo(expected, within(1e-5));
            }
        }
    }
}
