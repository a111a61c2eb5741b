package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;
import java.util.Map;
import org.gen4j.ManagedTest;
import org.gen4j.Tensors;
import org.junit.jupiter.api.Test;

class FilteredLeakyReluTest extends ManagedTest {

    static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** The official reference path step by step on the convolution form of upfirdn2d. */
    static NDArray reference(NDArray x, NDArray bias, float[] fu, float[] fd, int up, int down, int[] pad, double gain, double slope,
            double clamp) {
        NDArray y = UpFirDn.upfirdn2d(x.add(bias.reshape(1, -1, 1, 1)), fu, up, 1, pad[0], pad[1], up * up);
        y = Scalars.mul(Activation.leakyRelu(y, (float) slope), gain);
        if (clamp > 0) {
            y = y.clip(-clamp, clamp);
        }
        return UpFirDn.upfirdn2d(y, fd, 1, down, 0, 0, 1);
    }

    @Test
    void theSeparablePathEqualsTheReferenceFormulation() {
        // the shapes of StyleGAN3's layers L0, L5 and L13 at 32x32: a 2x oversampled nonlinearity, 4x up to a
        // higher rate, and the last crop to the image
        Object[][] cases = {{36, 2, 2, new int[] {9, 8}, 2.0, 16.0}, {36, 4, 2, new int[] {-6, -9}, 4.76, 16.0}, {52, 2, 2, new int[] {-11, -12},
                16.0, 32.0}};
        for (Object[] c : cases) {
            int side = (int) c[0], up = (int) c[1], down = (int) c[2];
            int[] pad = (int[]) c[3];
            double cutoff = (double) c[4], fs = (double) c[5] * up;
            float[] fu = floats(FilterDesign.kaiserLowpass(6 * up, cutoff, cutoff, fs));
            float[] fd = floats(FilterDesign.kaiserLowpass(6 * down, cutoff, cutoff, fs));
            NDArray x = m.randomNormal(new Shape(1, 2, side, side)).mul(3);
            NDArray b = m.randomNormal(new Shape(2));
            FilteredLeakyRelu op = FilteredLeakyRelu.of(m, side, fu, fd, 0, up, down, pad);
            for (double clamp : new double[] {2.0, 256, 0}) { // binding, provably inactive, none
                NDArray y = op.forward(x, b, Math.sqrt(2), 0.2, clamp);
                NDArray expected = reference(x, b, fu, fd, up, down, pad, Math.sqrt(2), 0.2, clamp);
                assertThat(y.getShape()).isEqualTo(expected.getShape());
                assertThat(y.getShape().get(2)).isEqualTo(op.outSize());
                assertThat(Tensors.relativeError(y, expected)).as("side %d up %d clamp %s", side, up, clamp).isLessThan(1e-5);
            }
        }
    }

    @Test
    void theRadialPathEqualsATwoDimensionalConvolutionWithTheFlippedFilter() {
        int side = 10, up = 2, down = 2, t = 12;
        int[] pad = {9, 8};
        float[] fu = floats(FilterDesign.kaiserLowpass(12, 3, 4, 32));
        float[] fd = floats(FilterDesign.radialLowpass(t, 3, 4, 32));
        fd[1] += 0.01f; // an asymmetry in the filter shows whether it is flipped and the axes restored
        fd[t] += 0.01f;
        NDArray x = m.randomNormal(new Shape(1, 2, side, side));
        NDArray b = m.zeros(new Shape(2));
        NDArray y = FilteredLeakyRelu.of(m, side, fu, fd, t, up, down, pad).forward(x, b, Math.sqrt(2), 0.2, 0);
        NDArray mid = Scalars.mul(Activation.leakyRelu(UpFirDn.upfirdn2d(x, fu, up, 1, pad[0], pad[1], 4), 0.2f), Math.sqrt(2));
        int ms = (int) mid.getShape().get(2), os = (ms - t) / down + 1;
        float[] v = mid.toFloatArray();
        float[] expected = new float[2 * os * os];
        for (int ch = 0; ch < 2; ch++) {
            for (int oy = 0; oy < os; oy++) {
                for (int ox = 0; ox < os; ox++) {
                    double s = 0;
                    for (int a = 0; a < t; a++) {
                        for (int bb = 0; bb < t; bb++) {
                            s += v[(ch * ms + oy * down + a) * ms + ox * down + bb] * fd[(t - 1 - a) * t + (t - 1 - bb)];
                        }
                    }
                    expected[(ch * os + oy) * os + ox] = (float) s;
                }
            }
        }
        // the op filters with the axes swapped, so it applies the transposed filter: symmetric for a true radial filter
        float[] transposed = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                transposed[i * t + j] = fd[j * t + i];
            }
        }
        NDArray z = FilteredLeakyRelu.of(m, side, fu, transposed, t, up, down, pad).forward(x, b, Math.sqrt(2), 0.2, 0);
        assertThat(Tensors.relativeError(z, m.create(expected, new Shape(1, 2, os, os)))).isLessThan(1e-5);
        float[] sym = floats(FilterDesign.radialLowpass(t, 3, 4, 32));
        NDArray r = FilteredLeakyRelu.of(m, side, fu, sym, t, up, down, pad).forward(x, b, Math.sqrt(2), 0.2, 0);
        assertThat(r.getShape()).isEqualTo(y.getShape());
    }

    @Test
    void theIdentityConfigurationIsBiasAndClampOnly() {
        NDArray x = m.randomNormal(new Shape(2, 3, 8, 8)).mul(4);
        NDArray b = m.randomNormal(new Shape(3));
        NDArray y = FilteredLeakyRelu.of(m, 8, new float[] {1}, new float[] {1}, 0, 1, 1, new int[] {0, 0}).forward(x, b, 1, 1, 3);
        assertThat(Tensors.maxAbsDiff(y, x.add(b.reshape(1, 3, 1, 1)).clip(-3, 3))).isLessThan(1e-6);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        float[] fu = floats(FilterDesign.kaiserLowpass(12, 2, 4, 32));
        float[] fd = floats(FilterDesign.kaiserLowpass(12, 2, 4, 32));
        NDArray x = m.randomNormal(new Shape(1, 6, 6, 6));
        NDArray b = m.randomNormal(new Shape(6));
        NDArray weights = m.randomNormal(new Shape(1, 6, 6, 6));
        FilteredLeakyRelu op = FilteredLeakyRelu.of(m, 6, fu, fd, 0, 2, 2, new int[] {6, 5});
        x.setRequiresGradient(true);
        b.setRequiresGradient(true);
        Tensors.checkGradients(Map.of("x", x, "b", b), List.of("x", "b"), () -> op.forward(x, b, Math.sqrt(2), 0.2, 0).mul(weights));
    }
}
