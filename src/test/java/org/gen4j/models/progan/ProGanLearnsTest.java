package org.gen4j.models.progan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

/**
 * A short training on a two-mode toy dataset: 8x8 images whose left or right half is bright. An
 * untrained generator draws blurry averages; a working ProGAN (losses, penalty, growing, Adam,
 * moving average) learns to draw one half bright and the other dark, in both arrangements. A sign
 * error or a broken gradient anywhere leaves the samples near the average and fails the test.
 */
class ProGanLearnsTest {

    static final int RES = 8;

    static NDArray twoModes(NDManager m, SplittableRandom rng, int n) {
        float[] v = new float[n * RES * RES];
        for (int i = 0; i < n; i++) {
            boolean left = rng.nextBoolean();
            for (int y = 0; y < RES; y++) {
                for (int x = 0; x < RES; x++) {
                    boolean bright = (x < RES / 2) == left;
                    v[(i * RES + y) * RES + x] = (bright ? 0.8f : -0.8f) + (float) (0.05 * rng.nextGaussian());
                }
            }
        }
        return m.create(v, new Shape(n, 1, RES, RES));
    }

    /** Per sample, mean of the left half minus mean of the right half. */
    static double[] halfContrast(NDArray images) {
        float[] v = images.toFloatArray();
        int n = (int) images.getShape().get(0);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            double l = 0, r = 0;
            for (int y = 0; y < RES; y++) {
                for (int x = 0; x < RES; x++) {
                    double p = v[(i * RES + y) * RES + x];
                    if (x < RES / 2) {
                        l += p;
                    } else {
                        r += p;
                    }
                }
            }
            d[i] = (l - r) / (RES * RES / 2);
        }
        return d;
    }

    @Test
    void learnsBothModesOfAToyDataset() {
        ProGanConfig c = new ProGanConfig(RES, 1, 16, 16, 256, 32, 1.6, 1.6, 0.002, 0, 0.99, 1e-8, 10, 0.001, 0.95, 4, true);
        SplittableRandom data = new SplittableRandom(5);
        try (ProGan model = new ProGan(c, 3); NDManager m = NDManager.newBaseManager()) {
            model.schedule(1_000_000);
            double before = meanAbsContrast(model, m);
            long images = 0;
            for (int step = 0; step < 400; step++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    model.schedule(images);
                    model.step(twoModes(m, data, c.batch()), null, new StepRandom(1, step));
                }
                images += c.batch();
            }
            model.schedule(images);
            assertThat(model.growth()).isEqualTo(new Growth(8, 1));
            double[] d = contrast(model, m);
            double after = 0;
            int left = 0;
            for (double x : d) {
                after += Math.abs(x);
                left += x > 0 ? 1 : 0;
            }
            after /= d.length;
            assertThat(before).as("half contrast of the untrained generator").isLessThan(0.5);
            assertThat(after).as("half contrast after training (real data: 1.6)").isGreaterThan(1.0);
            assertThat(left).as("left-bright samples of %d", d.length).isBetween(d.length / 5, d.length * 4 / 5);
        }
    }

    static double[] contrast(ProGan model, NDManager m) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return halfContrast(model.generator().generate(m.randomNormal(new Shape(200, model.config().latentDim())), null));
        }
    }

    static double meanAbsContrast(ProGan model, NDManager m) {
        double s = 0;
        double[] d = contrast(model, m);
        for (double x : d) {
            s += Math.abs(x);
        }
        return s / d.length;
    }
}
