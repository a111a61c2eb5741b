package org.gen4j.models.diffusiongan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.assertj.core.data.Offset;
import org.gen4j.ManagedTest;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

class DiffusionTest extends ManagedTest {

    private static Diffusion paper(Diffusion.Timesteps ts) {
        return new Diffusion(10, 1000, 1e-4, 2e-2, 0.05, 0.6, 100, ts, new StepRandom(0, 0));
    }

    /** {@code abar_t} of a linear schedule over {@code steps}, computed independently. */
    private static double abar(int t, int steps) {
        double a = 1;
        for (int i = 0; i < t; i++) {
            a *= 1 - (1e-4 + (2e-2 - 1e-4) * i / (steps - 1.0));
        }
        return a;
    }

    @Test
    void forwardDiffusionHasTheClosedFormsMeanAndVariance() {
        Diffusion d = paper(Diffusion.Timesteps.PRIORITY);
        assertThat(d.length()).isEqualTo(10);
        int n = 4000;
        for (int t : new int[] {0, 1, 5, 10}) {
            NDArray x = m.full(new Shape(n, 1, 2, 2), 0.7f);
            int[] ts = new int[n];
            java.util.Arrays.fill(ts, t);
            float[] y = d.diffuse(x, ts, new StepRandom(3, t)).toFloatArray();
            double mean = 0, sq = 0;
            for (float v : y) {
                mean += v;
            }
            mean /= y.length;
            for (float v : y) {
                sq += (v - mean) * (v - mean);
            }
            double var = sq / (y.length - 1);
            double expectedVar = (1 - abar(t, 10)) * 0.05 * 0.05;
            assertThat(mean).as("mean at t=%d", t).isCloseTo(Math.sqrt(abar(t, 10)) * 0.7, Offset.offset(4 * Math.sqrt(expectedVar / y.length) + 1e-6));
            assertThat(var).as("variance at t=%d", t).isCloseTo(expectedVar, Offset.offset(0.1 * expectedVar + 1e-12));
        }
        assertThat(d.signalScale(0)).isEqualTo(1);
        assertThat(d.noiseScale(0)).isZero();
    }

    @Test
    void theLengthRisesWhenDIsConfidentFallsWhenNotAndStaysInBounds() {
        Diffusion d = paper(Diffusion.Timesteps.PRIORITY);
        NDArray confident = m.create(new float[] {1, 2, 3, 4, 5, 6, 7, -1}); // r_d = 0.75 > 0.6
        NDArray unsure = m.create(new float[] {1, -2, 3, -4, 5, -6, 7, -1}); // r_d = 0 < 0.6
        for (int i = 0; i < 3; i++) {
            d.observe(confident, new StepRandom(1, i));
        }
        assertThat(d.p()).isZero();
        d.observe(confident, new StepRandom(1, 3));
        assertThat(d.p()).isCloseTo(8.0 * 4 / 100_000, Offset.offset(1e-15));
        assertThat(Diffusion.lengthAt(0.5, 10, 1000)).isEqualTo(505);
        assertThat(Diffusion.lengthAt(1, 10, 1000)).isEqualTo(1000);
        assertThat(Diffusion.lengthAt(0, 10, 1000)).isEqualTo(10);
        assertThat(Diffusion.adjusted(0.999, 0.9, 0.6, 64, 100)).isEqualTo(1);
        assertThat(Diffusion.adjusted(0.001, 0.1, 0.6, 64, 100)).isZero();
        for (int i = 0; i < 4; i++) {
            d.observe(unsure, new StepRandom(2, i));
        }
        assertThat(d.p()).isZero();
        assertThat(d.length()).isEqualTo(10);
        int before = d.length();
        for (int i = 0; i < 4 * 1600; i++) { // 1600 rises of 3.2e-4 take p to 0.512
            d.observe(confident, new StepRandom(4, i));
        }
        assertThat(d.length()).isGreaterThan(before).isEqualTo(Diffusion.lengthAt(d.p(), 10, 1000));
        assertThat(java.util.Arrays.stream(d.table()).boxed().toList()).allMatch(t -> t >= 0 && t <= d.length());
    }

    @Test
    void priorityTimestepsFollowTheirDistribution() {
        int steps = 10, draws = 90_000;
        int[] count = new int[steps + 1];
        StepRandom r = new StepRandom(7, 7);
        for (int i = 0; i < draws; i++) {
            count[Diffusion.priority(steps, r)]++;
        }
        assertThat(count[0]).isZero();
        assertThat(count[1]).isZero(); // weight t - 1 = 0
        for (int t = 2; t <= steps; t++) {
            double expected = draws * (t - 1) / 45.0;
            assertThat((double) count[t]).as("t=%d", t).isCloseTo(expected, Offset.offset(4 * Math.sqrt(expected)));
        }
        // the table: 32 drawn, 32 clean; each image a uniform entry of it
        Diffusion d = paper(Diffusion.Timesteps.PRIORITY);
        assertThat(d.table()).hasSize(64);
        assertThat(java.util.Arrays.stream(d.table()).filter(t -> t == 0).count()).isEqualTo(32);
        int clean = 0;
        for (int t : d.sample(20_000, new StepRandom(5, 5))) {
            clean += t == 0 ? 1 : 0;
        }
        assertThat(clean).isBetween(9_700, 10_300);
        Diffusion u = paper(Diffusion.Timesteps.UNIFORM);
        assertThat(java.util.Arrays.stream(u.table()).filter(t -> t > 0 && t <= 10).count()).isEqualTo(32);
    }

    @Test
    void theStateRoundTripsExactly() {
        Diffusion d = paper(Diffusion.Timesteps.PRIORITY);
        NDArray confident = m.create(new float[] {1, 1, 1, 1});
        for (int i = 0; i < 4 * 1000 + 2; i++) {
            d.observe(confident, new StepRandom(1, i));
        }
        JsonObject json = new JsonObject();
        d.write(json);
        Diffusion e = paper(Diffusion.Timesteps.PRIORITY);
        e.read(JsonParser.parseString(json.toString()).getAsJsonObject());
        assertThat(e.p()).isEqualTo(d.p());
        assertThat(e.length()).isEqualTo(d.length()).isGreaterThan(10);
        assertThat(e.table()).containsExactly(d.table());
        d.observe(confident, new StepRandom(9, 9));
        e.observe(confident, new StepRandom(9, 9));
        d.observe(confident, new StepRandom(9, 10));
        e.observe(confident, new StepRandom(9, 10));
        assertThat(e.p()).isEqualTo(d.p());
        assertThat(e.table()).containsExactly(d.table());
    }
}
