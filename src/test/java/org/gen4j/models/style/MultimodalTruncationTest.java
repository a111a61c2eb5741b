package org.gen4j.models.style;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.gen4j.Gen4jException;
import org.junit.jupiter.api.Test;

class MultimodalTruncationTest {

    /** 300 points in 2-D around three well separated modes (0, 0), (10, 0), (0, 10). */
    static float[] threeModes() {
        SplittableRandom r = new SplittableRandom(1);
        float[] p = new float[300 * 2];
        float[][] modes = {{0, 0}, {10, 0}, {0, 10}};
        for (int i = 0; i < 300; i++) {
            p[2 * i] = (float) (modes[i % 3][0] + r.nextDouble(-1, 1));
            p[2 * i + 1] = (float) (modes[i % 3][1] + r.nextDouble(-1, 1));
        }
        return p;
    }

    @Test
    void kMeansFindsTheThreeModes() {
        float[] c = MultimodalTruncation.kmeans(threeModes(), 300, 2, 3, 0);
        float[][] modes = {{0, 0}, {10, 0}, {0, 10}};
        for (float[] mode : modes) {
            int nearest = MultimodalTruncation.nearestCentre(mode, 0, c, 3, 2);
            assertThat(Math.hypot(c[2 * nearest] - mode[0], c[2 * nearest + 1] - mode[1])).isLessThan(0.3);
        }
    }

    @Test
    void eachWMovesTowardsItsNearestCentreByPsi() {
        float[] centres = {0, 0, 10, 0, 0, 10};
        float[] w = {9, 2, 1, 7, -2, -1};
        float[] t = MultimodalTruncation.truncate(w, 3, 2, centres, 3, 0.25);
        // (9, 2) is nearest (10, 0): 10 + 0.25 (9 - 10), 0 + 0.25 * 2
        assertThat(t[0]).isCloseTo(9.75f, within(1e-6f));
        assertThat(t[1]).isCloseTo(0.5f, within(1e-6f));
        // (1, 7) is nearest (0, 10)
        assertThat(t[2]).isCloseTo(0.25f, within(1e-6f));
        assertThat(t[3]).isCloseTo(9.25f, within(1e-6f));
        // (-2, -1) is nearest (0, 0): the distance to it shrinks by psi, and it stays the nearest
        assertThat(t[4]).isCloseTo(-0.5f, within(1e-6f));
        assertThat(t[5]).isCloseTo(-0.25f, within(1e-6f));
        // psi 1 changes nothing, psi 0 gives the centre
        assertThat(MultimodalTruncation.truncate(w, 3, 2, centres, 3, 1)).containsExactly(w);
        assertThat(MultimodalTruncation.truncate(w, 3, 2, centres, 3, 0)).containsExactly(10, 0, 0, 10, 0, 0);
    }

    @Test
    void moreCentresThanSampledWsAreRefusedInOneSentence() {
        assertThatThrownBy(() -> MultimodalTruncation.check(64, 10)).isInstanceOf(Gen4jException.class)
                .hasMessage("--truncation-centers 64 exceeds the 10 sampled ws they are clustered from; give at most 10 centres or more "
                        + "--truncation-samples.");
        assertThatThrownBy(() -> MultimodalTruncation.check(0, 10)).isInstanceOf(Gen4jException.class).hasMessageContaining("positive");
    }
}
