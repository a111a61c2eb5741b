package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.gen4j.Tensors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpFirDnTest {

    static NDManager m;

    @BeforeAll
    static void init() {
        m = NDManager.newBaseManager();
        m.getEngine().setRandomSeed(7);
    }

    @AfterAll
    static void close() {
        m.close();
    }

    /**
     * upfirdn2d by its definition, one output pixel at a time: zero insertion, padding or
     * cropping, true convolution with the separable filter, decimation.
     */
    static double[] reference(float[] x, int n, int c, int h, int w, float[] f, int up, int down, int p0, int p1, double gain,
            int[] outShape) {
        int uh = h * up, uw = w * up;
        int ph = uh + p0 + p1, pw = uw + p0 + p1, t = f.length;
        int oh = (ph - t) / down + 1, ow = (pw - t) / down + 1;
        outShape[0] = oh;
        outShape[1] = ow;
        double[] out = new double[n * c * oh * ow];
        for (int plane = 0; plane < n * c; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double s = 0;
                    for (int a = 0; a < t; a++) {
                        for (int b = 0; b < t; b++) {
                            int py = oy * down + a - p0, px = ox * down + b - p0; // position in the upsampled image
                            if (py < 0 || px < 0 || py >= uh || px >= uw || py % up != 0 || px % up != 0) {
                                continue;
                            }
                            double v = x[(plane * h + py / up) * w + px / up];
                            s += v * f[t - 1 - a] * f[t - 1 - b]; // convolution: the filter flipped
                        }
                    }
                    out[(plane * oh + oy) * ow + ox] = s * gain;
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "up {0}, down {1}, padding ({2}, {3})")
    @CsvSource({"2, 1, 2, 1, 4", "1, 2, 1, 1, 1", "1, 1, 3, 2, 1", "2, 1, 3, 2, 4", "1, 2, 2, 2, 1", "1, 1, -1, 2, 1", "2, 2, 1, 0, 2"})
    void matchesTheDefinition(int up, int down, int p0, int p1, double gain) {
        // an asymmetric filter shows whether it is flipped
        float[] f = {0.1f, 0.5f, 0.3f, 0.1f};
        int n = 2, c = 3, h = 6, w = 5;
        NDArray x = m.randomNormal(new Shape(n, c, h, w));
        NDArray y = UpFirDn.upfirdn2d(x, f, up, down, p0, p1, gain);
        int[] os = new int[2];
        double[] expected = reference(x.toFloatArray(), n, c, h, w, f, up, down, p0, p1, gain, os);
        assertThat(y.getShape()).isEqualTo(new Shape(n, c, os[0], os[1]));
        assertThat(Tensors.relativeError(y, m.create(expected, y.getShape()))).isLessThan(1e-6);
    }

    @ParameterizedTest(name = "up {0}, down {1}, padding ({2}, {3})")
    @CsvSource({"2, 1, 2, 1, 4", "1, 2, 1, 1, 1", "1, 1, 3, 2, 1", "2, 2, 5, 4, 4", "1, 1, -1, 2, 1", "2, 1, -3, -2, 4"})
    void theSeparableMatrixFormEqualsTheConvolution(int up, int down, int p0, int p1, double gain) {
        float[] f = {0.1f, 0.5f, 0.3f, 0.1f, -0.05f, 0.02f};
        int h = 7, w = 9;
        NDArray x = m.randomNormal(new Shape(2, 3, h, w));
        double axisGain = Math.sqrt(gain);
        int oh = UpFirDn.outSize(h, f.length, up, down, p0, p1), ow = UpFirDn.outSize(w, f.length, up, down, p0, p1);
        NDArray alongW = m.create(UpFirDn.operator(w, f, up, down, p0, p1, axisGain), new Shape(w, ow));
        NDArray alongHt = m.create(UpFirDn.operator(h, f, up, down, p0, p1, axisGain), new Shape(h, oh)).transpose();
        NDArray y = UpFirDn.separable(x, alongW, alongHt);
        NDArray expected = UpFirDn.upfirdn2d(x, f, up, down, p0, p1, gain);
        assertThat(y.getShape()).isEqualTo(expected.getShape());
        assertThat(Tensors.relativeError(y, expected)).isLessThan(1e-6);
    }

    @org.junit.jupiter.api.Test
    void theGaussianBlurIsTheNormalisedBaseTwoFilterWithSizeKeepingPadding() {
        NDArray x = m.randomNormal(new Shape(1, 2, 8, 9));
        double sigma = 0.7; // floor(2.1) = 2: five taps 2^-(k/sigma)^2
        float[] f = new float[5];
        double sum = 0;
        for (int k = -2; k <= 2; k++) {
            sum += Math.pow(2, -(k / sigma) * (k / sigma));
        }
        for (int k = -2; k <= 2; k++) {
            f[k + 2] = (float) (Math.pow(2, -(k / sigma) * (k / sigma)) / sum);
        }
        NDArray y = UpFirDn.gaussianBlur(x, sigma);
        assertThat(y.getShape()).isEqualTo(x.getShape());
        assertThat(Tensors.relativeError(y, UpFirDn.upfirdn2d(x, f, 1, 1, 2, 2, 1))).isLessThan(1e-6);
        assertThat(UpFirDn.gaussianBlur(x, 0.3)).isSameAs(x);
    }

    @ParameterizedTest(name = "side {0}")
    @CsvSource({"8", "16"})
    void theHelpersHalveAndDoubleAndKeepConstantsInTheInterior(int side) {
        NDArray ones = m.ones(new Shape(1, 2, side, side));
        NDArray up = UpFirDn.upsample2x(ones, UpFirDn.BINOMIAL4);
        NDArray down = UpFirDn.downsample2x(ones, UpFirDn.BINOMIAL4);
        assertThat(up.getShape()).isEqualTo(new Shape(1, 2, 2 * side, 2 * side));
        assertThat(down.getShape()).isEqualTo(new Shape(1, 2, side / 2, side / 2));
        // away from the zero padding a constant image stays constant (the filter's gain is exact)
        assertThat(up.get(":, :, 2:-2, 2:-2").sub(1).abs().max().getFloat()).isLessThan(1e-6f);
        assertThat(down.get(":, :, 1:-1, 1:-1").sub(1).abs().max().getFloat()).isLessThan(1e-6f);
    }

    @ParameterizedTest(name = "kernel {0}, stride {1}")
    @CsvSource({"3, 2, 2", "1, 2, 1", "3, 1, 2"})
    void aFoldedFilterEqualsFilteringThenConvolving(int k, int stride, int pad) {
        float[] f = {0.1f, 0.5f, 0.3f, 0.1f}; // asymmetric: the composition must flip it as upfirdn2d does
        NDArray x = m.randomNormal(new Shape(2, 3, 8, 8));
        NDArray w = m.randomNormal(new Shape(4, 3, k, k));
        NDArray twoSteps = Conv.conv2d(UpFirDn.upfirdn2d(x, f, 1, 1, pad, pad, 1), w, null, stride, 0, 1);
        NDArray folded = Conv.conv2d(x, UpFirDn.foldFilter(w, f), null, stride, pad, 1);
        assertThat(folded.getShape()).isEqualTo(twoSteps.getShape());
        assertThat(Tensors.relativeError(folded, twoSteps)).isLessThan(1e-6);
    }

    @ParameterizedTest(name = "kernel {0}")
    @CsvSource({"3, 2", "1, 1"})
    void bothFormsOfTheFilteredConvolutionAgree(int k, int pad) {
        NDArray x = m.randomNormal(new Shape(2, 8, 8, 8));
        NDArray w = m.randomNormal(new Shape(4, 8, k, k));
        NDArray b = m.randomNormal(new Shape(4));
        float[] f = {0.1f, 0.5f, 0.3f, 0.1f};
        NDArray filterFirst = UpFirDn.filteredConv2d(x, w, b, f, pad, 2);
        NDArray reference = Conv.conv2d(UpFirDn.upfirdn2d(x, f, 1, 1, pad, pad, 1), w, b, 2, 0, 1);
        assertThat(Tensors.relativeError(filterFirst, reference)).isLessThan(1e-6);
        Precision.use(Precision.BFLOAT16);
        try {
            NDArray folded = UpFirDn.filteredConv2d(x, w, b, f, pad, 2);
            assertThat(folded.getShape()).isEqualTo(reference.getShape());
            assertThat(Tensors.relativeError(folded, reference)).isBetween(1e-5, 2e-2);
        } finally {
            Precision.use(Precision.FLOAT32);
        }
    }
}
