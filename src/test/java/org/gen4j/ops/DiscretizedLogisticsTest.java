package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DiscretizedLogisticsTest {

    /** One pixel's parameters: logits, means [C][M], log scales [C][M], raw coefficients [C(C-1)/2][M]. */
    record Pixel(double[] logits, double[][] means, double[][] logScales, double[][] coeffs) {
        int mixtures() {
            return logits.length;
        }

        int channels() {
            return means.length;
        }

        float[] flat() {
            int m = mixtures(), c = channels();
            float[] p = new float[DiscretizedLogistics.parameterChannels(c, m)];
            int at = 0;
            for (double v : logits) {
                p[at++] = (float) v;
            }
            for (double[][] part : new double[][][] {means, logScales, coeffs}) {
                for (double[] row : part) {
                    for (double v : row) {
                        p[at++] = (float) v;
                    }
                }
            }
            return p;
        }

        /** This pixel's parameters repeated for {@code n} images of 1x1. */
        NDArray tensor(NDManager m, int n) {
            float[] one = flat();
            float[] all = new float[n * one.length];
            for (int i = 0; i < n; i++) {
                System.arraycopy(one, 0, all, i * one.length, one.length);
            }
            return m.create(all, new Shape(n, one.length, 1, 1));
        }

        /** The probability of the 8-bit values {@code v} computed directly in doubles from the paper's definition. */
        double probability(int... v) {
            double z = 0;
            for (double l : logits) {
                z += Math.exp(l);
            }
            double total = 0;
            for (int k = 0; k < mixtures(); k++) {
                double p = Math.exp(logits[k]) / z;
                double[] x = new double[v.length];
                for (int ch = 0; ch < v.length; ch++) {
                    x[ch] = v[ch] / 127.5 - 1;
                    double mean = means[ch][k];
                    if (ch == 1) {
                        mean += Math.tanh(coeffs[0][k]) * x[0];
                    } else if (ch == 2) {
                        mean += Math.tanh(coeffs[1][k]) * x[0] + Math.tanh(coeffs[2][k]) * x[1];
                    }
                    double s = Math.exp(Math.max(logScales[ch][k], -7));
                    double upper = v[ch] == 255 ? 1 : sigmoid((x[ch] + 1 / 255.0 - mean) / s);
                    double lower = v[ch] == 0 ? 0 : sigmoid((x[ch] - 1 / 255.0 - mean) / s);
                    p *= upper - lower;
                }
                total += p;
            }
            return total;
        }
    }

    static double sigmoid(double t) {
        return 1 / (1 + Math.exp(-t));
    }

    static final Pixel GRAY = new Pixel(new double[] {0.3, -0.5, 1.1}, new double[][] {{-0.4, 0.2, 0.9}},
            new double[][] {{-2.0, -3.5, -1.2}}, new double[0][]);

    static final Pixel RGB = new Pixel(new double[] {0.2, -0.7}, new double[][] {{-0.3, 0.5}, {0.1, -0.6}, {0.4, 0.0}},
            new double[][] {{-2.2, -1.5}, {-2.8, -1.9}, {-1.7, -2.5}}, new double[][] {{0.8, -0.4}, {-1.3, 0.6}, {0.5, 1.7}});

    private static NDArray values(NDManager m, int[][] v) {
        int c = v[0].length;
        float[] x = new float[v.length * c];
        for (int i = 0; i < v.length; i++) {
            for (int ch = 0; ch < c; ch++) {
                x[i * c + ch] = (float) (v[i][ch] / 127.5 - 1);
            }
        }
        return m.create(x, new Shape(v.length, c, 1, 1));
    }

    private static double[] probabilities(NDManager m, Pixel p, int[][] v) {
        float[] ll = DiscretizedLogistics.logLikelihood(values(m, v), p.tensor(m, v.length), p.mixtures(), 8).toFloatArray();
        double[] out = new double[ll.length];
        for (int i = 0; i < ll.length; i++) {
            out[i] = Math.exp(ll[i]);
        }
        return out;
    }

    @Test
    void grayscaleProbabilitiesOverThe256ValuesSumToOneAndMatchAHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            int[][] v = new int[256][];
            for (int i = 0; i < 256; i++) {
                v[i] = new int[] {i};
            }
            double[] p = probabilities(m, GRAY, v);
            double sum = 0;
            for (int i = 0; i < 256; i++) {
                sum += p[i];
                assertThat(p[i]).as("value %d", i).isCloseTo(GRAY.probability(i), within(2e-5 + 1e-3 * GRAY.probability(i)));
            }
            assertThat(sum).isCloseTo(1.0, within(1e-4));
            assertThat(p[0]).isGreaterThan(1e-4); // the edge bins take the tails
        }
    }

    @Test
    void rgbProbabilitiesMatchAHandComputationWithTheCouplingCoefficients() {
        try (NDManager m = NDManager.newBaseManager()) {
            int[][] v = {{0, 0, 0}, {255, 255, 255}, {100, 140, 200}, {20, 250, 128}, {128, 128, 128}, {255, 3, 77}};
            double[] p = probabilities(m, RGB, v);
            for (int i = 0; i < v.length; i++) {
                assertThat(Math.log(p[i])).as("pixel %d", i).isCloseTo(Math.log(RGB.probability(v[i])), within(2e-3));
            }
        }
    }

    @Test
    void rgbProbabilitiesOverBlueGivenRedAndGreenSumToTheMarginalOfRedAndGreen() {
        // Summing p(r, g, b) over b leaves sum_k pi_k p_k(r) p_k(g | r), which the direct computation gives
        // with the blue factor dropped: every one of the 256 blue values, with its coupling to r and g, takes part.
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] rg : new int[][] {{100, 140}, {0, 255}, {37, 3}}) {
                int[][] v = new int[256][];
                for (int b = 0; b < 256; b++) {
                    v[b] = new int[] {rg[0], rg[1], b};
                }
                double sum = 0;
                for (double p : probabilities(m, RGB, v)) {
                    sum += p;
                }
                Pixel twoChannels = new Pixel(RGB.logits(), new double[][] {RGB.means()[0], RGB.means()[1]},
                        new double[][] {RGB.logScales()[0], RGB.logScales()[1]}, RGB.coeffs());
                double marginal = twoChannels.probability(rg[0], rg[1]);
                assertThat(sum).as("r=%d g=%d", rg[0], rg[1]).isCloseTo(marginal, within(1e-3 * marginal + 1e-7));
            }
        }
    }

    @Test
    void rgbProbabilitiesOverEveryColourOfA3BitImageSumToOne() {
        // The 256^3 colours of 8 bits are too many to enumerate in a test; with 3 bits per channel the
        // 512 colours, each with its coupled means and edge bins, must still form a distribution.
        try (NDManager m = NDManager.newBaseManager()) {
            float[] x = new float[512 * 3];
            for (int i = 0; i < 512; i++) {
                x[3 * i] = (float) ((i >> 6) / 3.5 - 1);
                x[3 * i + 1] = (float) (((i >> 3) & 7) / 3.5 - 1);
                x[3 * i + 2] = (float) ((i & 7) / 3.5 - 1);
            }
            Pixel wide = new Pixel(RGB.logits(), RGB.means(), new double[][] {{-0.5, -1}, {-1.2, -0.3}, {-0.8, -0.6}}, RGB.coeffs());
            float[] ll = DiscretizedLogistics.logLikelihood(m.create(x, new Shape(512, 3, 1, 1)), wide.tensor(m, 512), 2, 3).toFloatArray();
            double sum = 0;
            for (float l : ll) {
                sum += Math.exp(l);
            }
            assertThat(sum).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void theLikelihoodOfAnImageSumsOverItsPixels() {
        try (NDManager m = NDManager.newBaseManager()) {
            int[][] v = {{10}, {128}, {255}, {0}};
            double expected = 0;
            for (int[] p : v) {
                expected += Math.log(GRAY.probability(p));
            }
            NDArray x = values(m, v).reshape(1, 1, 2, 2);
            NDArray params = GRAY.tensor(m, 4).reshape(4, 9).transpose().reshape(1, 9, 2, 2);
            assertThat(DiscretizedLogistics.logLikelihood(x, params, 3, 8).getFloat()).isCloseTo((float) expected, within(1e-3f));
        }
    }

    @Test
    void samplesFollowTheProbabilities() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 40_000;
            SplittableRandom rng = new SplittableRandom(5);
            float[] u1 = new float[n], u2 = new float[n];
            for (int i = 0; i < n; i++) {
                u1[i] = (float) rng.nextDouble();
                u2[i] = (float) rng.nextDouble();
            }
            float[] x = DiscretizedLogistics.sample(GRAY.tensor(m, n), 1, 3, m.create(u1, new Shape(n, 1, 1)),
                    m.create(u2, new Shape(n, 1, 1, 1))).toFloatArray();
            int[] counts = new int[16]; // 16 coarse bins of 16 values each
            for (float v : x) {
                assertThat(v).isBetween(-1f, 1f);
                counts[Math.min(255, Math.round((v + 1) * 127.5f)) / 16]++;
            }
            for (int b = 0; b < 16; b++) {
                double p = 0;
                for (int k = 16 * b; k < 16 * b + 16; k++) {
                    p += GRAY.probability(k);
                }
                double sd = Math.sqrt(p * (1 - p) / n);
                assertThat((double) counts[b] / n).as("bin %d", b).isCloseTo(p, within(5 * sd + 2e-3));
            }
        }
    }

    @Test
    void rgbSamplesCoupleGreenToRed() {
        // One component with a strong coefficient from red to green and tiny scales: green = mean + tanh(c) red.
        Pixel p = new Pixel(new double[] {0}, new double[][] {{0.5}, {-0.2}, {0.1}}, new double[][] {{-7}, {-7}, {-7}},
                new double[][] {{0.9}, {0}, {0}});
        try (NDManager m = NDManager.newBaseManager()) {
            float[] x = DiscretizedLogistics.sample(p.tensor(m, 1), 3, 1, m.full(new Shape(1, 1, 1), 0.3f),
                    m.full(new Shape(1, 3, 1, 1), 0.5f)).toFloatArray();
            assertThat(x[0]).isCloseTo(0.5f, within(1e-5f));
            assertThat(x[1]).isCloseTo((float) (-0.2 + Math.tanh(0.9) * 0.5), within(1e-5f));
            assertThat(x[2]).isCloseTo(0.1f, within(1e-5f));
        }
    }

    @Test
    void bitsPerDimensionOfAUniform8BitModelIsEight() {
        long dims = 3 * 32 * 32;
        assertThat(DiscretizedLogistics.bitsPerDim(dims * Math.log(256), dims)).isCloseTo(8.0, within(1e-12));
        assertThat(DiscretizedLogistics.bitsPerDim(Math.log(2), 1)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void logSumExpIsStableForLargeValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1000, 1000, -5, 2}, new Shape(2, 2));
            float[] r = DiscretizedLogistics.logSumExp(a, 1).toFloatArray();
            assertThat(r[0]).isCloseTo((float) (1000 + Math.log(2)), within(1e-3f));
            assertThat(r[1]).isCloseTo((float) (2 + Math.log1p(Math.exp(-7))), within(1e-5f));
        }
    }
}
