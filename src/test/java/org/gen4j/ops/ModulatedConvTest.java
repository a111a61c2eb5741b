package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.gen4j.Tensors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModulatedConvTest {

    static NDManager m;

    @BeforeAll
    static void init() {
        m = NDManager.newBaseManager();
        m.getEngine().setRandomSeed(11);
    }

    @AfterAll
    static void close() {
        m.close();
    }

    /** Equations 1-3 one sample at a time: scale the weights, demodulate, convolve. */
    static NDArray perSample(NDArray x, NDArray weight, NDArray styles, boolean demodulate, int padding) {
        long n = x.getShape().get(0), i = weight.getShape().get(1);
        NDList outs = new NDList();
        for (int s = 0; s < n; s++) {
            NDArray w = weight.mul(styles.get(s).reshape(1, i, 1, 1));
            if (demodulate) {
                NDArray norm = w.square().sum(new int[] {1, 2, 3}).add(ModulatedConv.EPS).sqrt();
                w = w.div(norm.reshape(-1, 1, 1, 1));
            }
            outs.add(Conv.conv2d(x.get(s).expandDims(0), w, null, padding));
        }
        return NDArrays.concat(outs, 0);
    }

    @ParameterizedTest(name = "kernel {0}, demodulate {1}")
    @CsvSource({"3, true", "3, false", "1, false", "1, true"})
    void theGroupedConvolutionEqualsAPerSampleLoop(int k, boolean demodulate) {
        NDArray x = m.randomNormal(new Shape(3, 5, 8, 8));
        NDArray w = m.randomNormal(new Shape(4, 5, k, k));
        NDArray s = m.randomNormal(new Shape(3, 5));
        NDArray expected = perSample(x, w, s, demodulate, k / 2);
        assertThat(Tensors.relativeError(ModulatedConv.fused(x, w, s, demodulate, 1, 1, null), expected)).isLessThan(1e-5);
        assertThat(Tensors.relativeError(ModulatedConv.scaled(x, w, s, demodulate, 1, 1, null), expected)).isLessThan(1e-5);
        NDArray gained = ModulatedConv.scaled(x, w, s, demodulate, 1.5, 1, null);
        assertThat(Tensors.relativeError(gained, expected.mul(1.5f))).isLessThan(1e-5);
    }

    @Test
    void upsamplingPathsAgree() {
        NDArray x = m.randomNormal(new Shape(2, 4, 5, 5));
        NDArray w = m.randomNormal(new Shape(3, 4, 3, 3));
        NDArray s = m.randomNormal(new Shape(2, 4));
        NDArray fused = ModulatedConv.fused(x, w, s, true, 1, 2, UpFirDn.BINOMIAL4);
        NDArray scaled = ModulatedConv.scaled(x, w, s, true, 1, 2, UpFirDn.BINOMIAL4);
        assertThat(fused.getShape()).isEqualTo(new Shape(2, 3, 10, 10));
        assertThat(Tensors.relativeError(scaled, fused)).isLessThan(1e-5);
    }

    /**
     * The official up-convolution is a transposed convolution (stride 2, no padding) followed by
     * upfirdn2d with padding 1 and gain 4; ours, given the flipped kernel, must equal it exactly.
     */
    @Test
    void upsamplingEqualsTheOfficialTransposedConvolutionThenFilter() {
        int n = 1, ci = 2, co = 2, h = 4, k = 3;
        NDArray x = m.randomNormal(new Shape(n, ci, h, h));
        NDArray w = m.randomNormal(new Shape(co, ci, k, k));
        float[] xs = x.toFloatArray(), ws = w.toFloatArray();
        int t = 2 * h + 1; // transposed convolution output side
        float[] tr = new float[n * co * t * t];
        for (int o = 0; o < co; o++) {
            for (int c = 0; c < ci; c++) {
                for (int a = 0; a < h; a++) {
                    for (int b = 0; b < h; b++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                tr[(o * t + 2 * a + ky) * t + 2 * b + kx] += xs[(c * h + a) * h + b] * ws[((o * ci + c) * k + ky) * k + kx];
                            }
                        }
                    }
                }
            }
        }
        NDArray official = UpFirDn.upfirdn2d(m.create(tr, new Shape(n, co, t, t)), UpFirDn.BINOMIAL4, 1, 1, 1, 1, 4);
        NDArray ones = m.ones(new Shape(n, ci));
        NDArray ours = ModulatedConv.fused(x, w.flip(2, 3), ones, false, 1, 2, UpFirDn.BINOMIAL4);
        assertThat(ours.getShape()).isEqualTo(official.getShape());
        assertThat(Tensors.relativeError(ours, official)).isLessThan(1e-5);
    }

    /** Equation 3's purpose: unit-variance inputs give unit-variance outputs, whatever the styles. */
    @Test
    void demodulationKeepsUnitVariance() {
        NDArray x = m.randomNormal(new Shape(16, 64, 12, 12));
        NDArray w = m.randomNormal(new Shape(32, 64, 3, 3)).mul(7f);
        NDArray s = m.randomUniform(0.1f, 5f, new Shape(16, 64));
        NDArray y = ModulatedConv.scaled(x, w, s, true, 1, 1, null).get(":, :, 1:-1, 1:-1"); // away from the padding
        double var = y.square().mean().getFloat();
        assertThat(var).isBetween(0.95, 1.05);
        NDArray plain = ModulatedConv.scaled(x, w, s, false, 1, 1, null).get(":, :, 1:-1, 1:-1");
        assertThat((double) plain.square().mean().getFloat()).isGreaterThan(10);
    }
}
