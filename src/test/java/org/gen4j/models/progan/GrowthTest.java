package org.gen4j.models.progan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GrowthTest {

    @Test
    void followsThePapersStabiliseThenFadeSchedule() {
        // 10 kimg stable at 4x4, fade 8x8 over 10 kimg, stable 8x8, fade 16x16, ... up to 32.
        assertThat(Growth.at(0, 10, 10, 32)).isEqualTo(new Growth(4, 1));
        assertThat(Growth.at(9_999, 10, 10, 32)).isEqualTo(new Growth(4, 1));
        assertThat(Growth.at(10_000, 10, 10, 32)).isEqualTo(new Growth(8, 0));
        assertThat(Growth.at(12_500, 10, 10, 32).alpha()).isCloseTo(0.25, within(1e-12));
        assertThat(Growth.at(20_000, 10, 10, 32)).isEqualTo(new Growth(8, 1));
        assertThat(Growth.at(35_000, 10, 10, 32)).isEqualTo(new Growth(16, 0.5));
        assertThat(Growth.at(55_000, 10, 10, 32)).isEqualTo(new Growth(32, 0.5));
        assertThat(Growth.at(60_000, 10, 10, 32)).isEqualTo(new Growth(32, 1));
        assertThat(Growth.at(10_000_000, 10, 10, 32)).isEqualTo(new Growth(32, 1));
        assertThat(Growth.at(123, 10, 10, 4)).isEqualTo(new Growth(4, 1));
    }

    @Test
    void benchPositionIsTheMiddleOfTheLastFade() {
        long images = Growth.lastFadeMidpoint(800, 800, 32);
        assertThat(Growth.at(images, 800, 800, 32)).isEqualTo(new Growth(32, 0.5));
    }
}
