package org.gen4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlicedWassersteinTest {

    static float[] images(int n, int c, int size, long seed, float shift) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * c * size * size];
        for (int i = 0; i < v.length; i++) {
            int x = i % size;
            v[i] = (float) (Math.sin(x * (0.3 + shift)) + 0.3 * r.nextGaussian());
        }
        return v;
    }

    static SlicedWasserstein.Descriptors describe(float[] px, int n, int c, int size) {
        SlicedWasserstein.Descriptors d = new SlicedWasserstein.Descriptors(c, size, 5);
        d.add(px, n);
        return d;
    }

    @Test
    void isZeroForIdenticalSetsAndGrowsWithTheShift() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] base = images(64, 1, 32, 1, 0);
            var real = describe(base, 64, 1, 32);
            SlicedWasserstein.Result same = SlicedWasserstein.distance(m, real, describe(base, 64, 1, 32), 9);
            assertThat(same.resolutions()).containsExactly(32, 16);
            assertThat(same.average()).isCloseTo(0, within(1e-6));
            double previous = 0;
            for (float shift : new float[] {0.05f, 0.2f, 0.6f}) {
                double d = SlicedWasserstein.distance(m, real, describe(images(64, 1, 32, 2, shift), 64, 1, 32), 9).average();
                assertThat(d).isGreaterThan(previous);
                previous = d;
            }
        }
    }

    /** The Laplacian pyramid is exact: the coarse level upsampled plus the detail gives the image back. */
    @Test
    void pyramidLevelsReconstructTheImage() {
        float[] img = images(1, 1, 16, 3, 0);
        float[] coarse = SlicedWasserstein.pyrDown(img, 16);
        float[] up = SlicedWasserstein.pyrUp(coarse, 8);
        // a constant image passes through blur and up/down unchanged
        float[] flat = new float[16 * 16];
        java.util.Arrays.fill(flat, 3f);
        for (float v : SlicedWasserstein.pyrUp(SlicedWasserstein.pyrDown(flat, 16), 8)) {
            assertThat(v).isCloseTo(3f, within(1e-5f));
        }
        assertThat(up).hasSize(256);
        assertThat(SlicedWasserstein.levels(64)).containsExactly(64, 32, 16);
        assertThat(SlicedWasserstein.levels(8)).isEmpty();
    }
}
