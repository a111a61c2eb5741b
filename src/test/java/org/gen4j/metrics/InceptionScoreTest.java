package org.gen4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class InceptionScoreTest {

    @Test
    void confidentPredictionsSpreadOverAllClassesScoreTheClassCount() {
        float[][] p = new float[1000][10];
        for (int i = 0; i < p.length; i++) {
            p[i][i % 10] = 1;
        }
        InceptionScore.Result r = InceptionScore.compute(p, 10);
        assertThat(r.mean()).isCloseTo(10, within(1e-9));
        assertThat(r.std()).isCloseTo(0, within(1e-9));
    }

    @Test
    void identicalPredictionsScoreOne() {
        float[][] p = new float[100][4];
        for (float[] row : p) {
            row[0] = 0.1f;
            row[1] = 0.2f;
            row[2] = 0.3f;
            row[3] = 0.4f;
        }
        assertThat(InceptionScore.compute(p, 10).mean()).isCloseTo(1, within(1e-6));
    }

    /** Two classes, half the samples sure of each: KL of each one-hot from (1/2, 1/2) is log 2, so IS = 2. */
    @Test
    void matchesAHandComputation() {
        float[][] p = {{0.9f, 0.1f}, {0.1f, 0.9f}};
        double kl = 0.9 * Math.log(0.9 / 0.5) + 0.1 * Math.log(0.1 / 0.5);
        assertThat(InceptionScore.compute(p, 1).mean()).isCloseTo(Math.exp(kl), within(1e-6));
    }
}
