package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

class CutMixTest {

    @Test
    void masksAreBoxesOfZerosOrOnesAndMixingReproducesTheMask() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray masks = CutMix.masks(m, 200, 16, new StepRandom(3, 0));
            assertThat(masks.getShape()).isEqualTo(new Shape(200, 1, 16, 16));
            float[] v = masks.toFloatArray();
            double meanArea = 0;
            for (int i = 0; i < 200; i++) {
                int ones = 0;
                for (int p = 0; p < 256; p++) {
                    assertThat(v[i * 256 + p]).isIn(0f, 1f);
                    ones += (int) v[i * 256 + p];
                }
                assertThat(isRectangle(v, i, 0f) || isRectangle(v, i, 1f)).as("mask %d holds a box", i).isTrue();
                meanArea += ones / 256.0;
            }
            // about half the masks are inverted, so the real share averages near 1/2
            assertThat(meanArea / 200).isBetween(0.4, 0.6);
            NDArray ones = m.ones(new Shape(200, 3, 16, 16)), zeros = m.zeros(new Shape(200, 3, 16, 16));
            NDArray mixed = CutMix.mix(ones, zeros, masks);
            assertThat(mixed.get(":, 1:2").toFloatArray()).containsExactly(v);
        }
    }

    /** Whether the pixels of mask {@code i} equal to {@code b} fill their bounding box exactly (or are none). */
    static boolean isRectangle(float[] v, int i, float b) {
        int x0 = 16, y0 = 16, x1 = -1, y1 = -1, count = 0;
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                if (v[i * 256 + y * 16 + x] == b) {
                    count++;
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return count == 0 || count == (x1 - x0 + 1) * (y1 - y0 + 1);
    }

    /** For a "decoder" that is the identity per pixel, D(mix(x, y, M)) = mix(D(x), D(y), M): no inconsistency. */
    @Test
    void theConsistencyLossVanishesForADecoderThatCommutesWithTheMix() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = new StepRandom(1, 0).normal(m, 4, 1, 8, 8), y = new StepRandom(2, 0).normal(m, 4, 1, 8, 8);
            NDArray masks = CutMix.masks(m, 4, 8, new StepRandom(4, 0));
            assertThat((double) CutMix.consistency(CutMix.mix(x, y, masks), x, y, masks).getFloat()).isCloseTo(0, within(1e-12));
            // a decoder that squares pixels does not commute, and is caught
            NDArray mixed = CutMix.mix(x, y, masks);
            assertThat(CutMix.consistency(mixed.square().add(1), x, y, masks).getFloat()).isGreaterThan(0.1f);
        }
    }
}
