package org.gen4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatentTruncationTest {

    @Test
    void exactlyTheComponentsBeyondTheThresholdAreResampledIntoIt() {
        int dim = 4096;
        for (double t : new double[] {0.5, 1.0, 2.0}) {
            float[] plain = Sampler.latent(11, dim);
            float[] truncated = LatentTruncation.truncatedLatent(11, dim, t);
            int resampled = 0;
            for (int j = 0; j < dim; j++) {
                assertThat(Math.abs(truncated[j])).isLessThanOrEqualTo((float) t);
                if (Math.abs(plain[j]) <= t) {
                    assertThat(truncated[j]).as("component %d inside the threshold", j).isEqualTo(plain[j]);
                } else {
                    resampled++;
                    assertThat(truncated[j]).isNotEqualTo(plain[j]);
                }
            }
            // P(|z| > t) for a standard normal: 0.617, 0.317, 0.046
            double expected = t == 0.5 ? 0.617 : t == 1.0 ? 0.317 : 0.0455;
            assertThat((double) resampled / dim).isBetween(expected - 0.03, expected + 0.03);
        }
    }

    @Test
    void aSeedAlwaysGivesTheSameTruncatedLatent() {
        assertThat(LatentTruncation.truncatedLatent(5, 64, 0.7)).containsExactly(LatentTruncation.truncatedLatent(5, 64, 0.7));
        assertThat(LatentTruncation.truncatedLatent(5, 64, 0.7)).isNotEqualTo(LatentTruncation.truncatedLatent(6, 64, 0.7));
    }
}
