package org.gen4j.models.vdvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gen4j.Gen4jException;
import org.gen4j.ops.DiscretizedLogistics;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.Sampler;
import org.gen4j.train.StepRandom;
import org.gen4j.train.TemperatureGenerator;
import org.junit.jupiter.api.Test;

class VdvaeTest {

    /** 8x8 grayscale, width 8, zdim 2, 2 mixtures; encoder 8 -> 4 -> 1, decoder 1 -> 4 -> 8 with 5 latent groups. */
    static VdvaeConfig tiny(double lr, double skipThreshold) {
        return new VdvaeConfig(8, 1, 4, 8, 2, 0.5, "8x1,8d2,4x1,4d4,1x1", "1x1,4m1,4x1,8m4,8x1", 2, lr, 0.9, 0.9, 0.01, 0, 200,
                skipThreshold, 0.9);
    }

    /** Four 8x8 images on the 8-bit grid: stripes and blocks of a few grey levels. */
    static NDArray images(NDManager m) {
        float[] v = new float[4 * 64];
        for (int i = 0; i < 4; i++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    int level = switch (i) {
                        case 0 -> x < 4 ? 30 : 220;
                        case 1 -> y % 2 == 0 ? 40 : 200;
                        case 2 -> (x + y) % 3 == 0 ? 250 : 128;
                        default -> 20 * x + 10;
                    };
                    v[i * 64 + y * 8 + x] = level / 127.5f - 1;
                }
            }
        }
        return m.create(v, new Shape(4, 1, 8, 8));
    }

    private static Map<String, Double> step(Vdvae model, NDManager m, NDArray x, long s) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return model.step(x, null, new StepRandom(1, s));
        }
    }

    @Test
    void theBenchConfigurationHasTheAnchorsParameterCount() {
        // 1,703,908: the official code's count for the anchor's layout at width 128 (vdvae_step.py prints "1.7 M"),
        // summed by hand over its modules: encoder, decoder blocks (posterior, prior, projection, residual), biases, head.
        try (Vdvae model = new Vdvae(new VdvaeSpec().benchConfig(32, 128, 16, 3), 0)) {
            assertThat(model.parameterCount()).isEqualTo(1_703_908);
        }
    }

    @Test
    void withTheZeroInitialisedPriorTheKlIsThePosteriorsKlFromAStandardNormal() {
        try (Vdvae model = new Vdvae(tiny(1e-3, 400), 3); NDManager m = NDManager.newBaseManager()) {
            VdvaeNetwork.Terms t = model.trained().terms(images(m), VdvaeNetwork.noise(m, new StepRandom(0, 0)));
            assertThat(t.groups()).hasSize(5);
            double total = 0;
            for (DecoderBlock.Group g : t.groups()) {
                assertThat(g.pMean().abs().max().getFloat()).isZero();
                assertThat(g.pLogSigma().abs().max().getFloat()).isZero();
                float[] qm = g.qMean().toFloatArray(), qv = g.qLogSigma().toFloatArray(), kl = g.kl().toFloatArray();
                for (int i = 0; i < kl.length; i++) {
                    double expected = 0.5 * (Math.exp(2 * qv[i]) + qm[i] * qm[i] - 1) - qv[i];
                    assertThat((double) kl[i]).isCloseTo(expected, within(1e-5 + 1e-4 * Math.abs(expected)));
                    total += expected;
                }
            }
            assertThat(total).isGreaterThan(0);
            double rate = 0;
            for (float r : t.rate().toFloatArray()) {
                rate += r;
            }
            assertThat(rate).isCloseTo(total, within(1e-3 * total));
        }
    }

    @Test
    void theImportanceWeightedBoundIsTheElboForOneSampleOnAverageAndTighterForMore() {
        try (Vdvae model = new Vdvae(tiny(1e-3, 400), 3); NDManager m = NDManager.newBaseManager()) {
            NDArray x = images(m);
            for (int s = 0; s < 3; s++) { // a few updates so that prior and posterior differ
                step(model, m, x, s);
            }
            int draws = 16;
            double elbo = 0, single = 0, iw = 0;
            for (int d = 0; d < draws; d++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    elbo -= model.negativeElbo(x, new StepRandom(7, d)).mean().getFloat();
                    NDArray w1 = model.logImportanceWeights(x, 1, new StepRandom(8, d));
                    assertThat(w1.getShape()).isEqualTo(new Shape(4, 1));
                    single += w1.mean().getFloat();
                    NDArray w4 = model.logImportanceWeights(x, 4, new StepRandom(9, d));
                    iw += DiscretizedLogistics.logSumExp(w4, 1).sub(Math.log(4)).mean().getFloat();
                }
            }
            elbo /= draws;
            single /= draws;
            iw /= draws;
            // the sampled KL differs from the analytic one per draw; over 16 draws of 4 images they agree closely
            assertThat(single).isCloseTo(elbo, within(0.02 * Math.abs(elbo)));
            assertThat(iw).isGreaterThan(single);
        }
    }

    @Test
    void updatesAreSkippedExactlyFromTheThresholdOnAndOnANonFiniteLoss() {
        assertThat(Vdvae.skips(399.999, 1.0, 400)).isFalse();
        assertThat(Vdvae.skips(400, 1.0, 400)).isTrue();
        assertThat(Vdvae.skips(400.001, 1.0, 400)).isTrue();
        assertThat(Vdvae.skips(1, Double.NaN, 400)).isTrue();
        assertThat(Vdvae.skips(Double.NaN, 1.0, 400)).isTrue();
        assertThat(Vdvae.skips(1, Double.POSITIVE_INFINITY, 400)).isTrue();
    }

    @Test
    void aSkippedUpdateLeavesTheWeightsAndTheirAverageAndIsCounted() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = images(m);
            try (Vdvae model = new Vdvae(tiny(1e-3, 1e-6), 3)) { // every gradient norm is above 1e-6
                Map<String, float[]> before = snapshot(model);
                Map<String, Double> out = step(model, m, x, 0);
                assertThat(out.get("skipped")).isEqualTo(1.0);
                assertThat(out.get("loss")).isFinite().isPositive();
                assertThat(out.get("grad_norm")).isGreaterThan(1e-6);
                assertThat(model.skippedUpdates()).isEqualTo(1);
                assertThat(model.status()).containsEntry("skips", 1L);
                snapshot(model).forEach((k, v) -> assertThat(v).as(k).containsExactly(before.get(k)));
            }
            try (Vdvae model = new Vdvae(tiny(1e-3, 400), 3)) {
                Map<String, float[]> before = snapshot(model);
                NDArray nan = x.duplicate();
                nan.set(new ai.djl.ndarray.index.NDIndex("0, 0, 0, 0"), Float.NaN);
                Map<String, Double> out = step(model, m, nan, 0);
                assertThat(out).containsEntry("skipped", 1.0).doesNotContainKey("loss");
                out.values().forEach(v -> assertThat(v).isFinite()); // the shared loop's divergence check passes
                snapshot(model).forEach((k, v) -> assertThat(v).as(k).containsExactly(before.get(k)));
                Map<String, Double> next = step(model, m, x, 1);
                assertThat(next.get("skipped")).isZero();
                assertThat(model.skippedUpdates()).isEqualTo(1);
                assertThat(snapshot(model).get("vae.decoder.gain")).isNotEqualTo(before.get("vae.decoder.gain"));
            }
        }
    }

    private static Map<String, float[]> snapshot(Vdvae model) {
        Map<String, float[]> s = new HashMap<>();
        model.stateTensors().forEach((k, v) -> {
            if (k.startsWith("vae.") || k.startsWith("ema.")) {
                s.put(k, v.toFloatArray());
            }
        });
        return s;
    }

    @Test
    void aTinyVdvaeLearnsAnImageWellBelowEightBitsPerDimension() {
        try (Vdvae model = new Vdvae(tiny(1e-2, 1e9), 5); NDManager m = NDManager.newBaseManager()) {
            NDArray x = images(m).get("0:1").repeat(0, 4);
            double first = step(model, m, x, 0).get("bpd");
            double last = first;
            for (int s = 1; s < 60; s++) {
                last = step(model, m, x, s).get("bpd");
            }
            assertThat(first).isGreaterThan(8);
            assertThat(last).isLessThan(5);
        }
    }

    @Test
    void aCheckpointRestoresTheModelExactly() {
        try (NDManager m = NDManager.newBaseManager(); Vdvae a = new Vdvae(tiny(1e-3, 400), 3); Vdvae b = new Vdvae(tiny(1e-3, 400), 4)) {
            NDArray x = images(m);
            for (int s = 0; s < 3; s++) {
                step(a, m, x, s);
            }
            JsonObject json = a.stateJson();
            b.loadState(a.stateTensors(), json);
            assertThat(b.stateJson()).isEqualTo(json);
            ImageGenerator ga = a.generator(), gb = b.generator();
            List<float[]> z = List.of(ga.latent(1), ga.latent(2));
            assertThat(Sampler.generate(gb, m, z, null).toFloatArray()).containsExactly(Sampler.generate(ga, m, z, null).toFloatArray());
            assertThat(b.negativeElbo(x, new StepRandom(2, 0)).toFloatArray()).containsExactly(a.negativeElbo(x, new StepRandom(2, 0)).toFloatArray());
            assertThat(step(b, m, x, 3)).isEqualTo(step(a, m, x, 3));
        }
    }

    @Test
    void theGeneratorIsADeterministicFunctionOfStandardNormalLatentsWithATemperature() {
        try (Vdvae model = new Vdvae(tiny(1e-3, 400), 3); NDManager m = NDManager.newBaseManager()) {
            ImageGenerator g = model.generator();
            // 5 groups of zdim 2 at 1, 4, 4, 8, 8; then one component and one value uniform per pixel
            assertThat(g.latentDim()).isEqualTo(2 * (1 + 16 + 16 + 64 + 64) + 64 * 2);
            List<float[]> z = List.of(g.latent(0), g.latent(1));
            NDArray a = Sampler.generate(g, m, z, null);
            assertThat(a.getShape()).isEqualTo(new Shape(2, 1, 8, 8));
            assertThat(a.toFloatArray()).containsExactly(Sampler.generate(g, m, z, null).toFloatArray());
            assertThat(a.max().getFloat()).isLessThanOrEqualTo(1f);
            assertThat(a.min().getFloat()).isGreaterThanOrEqualTo(-1f);
            assertThat(g).isInstanceOf(TemperatureGenerator.class);
            NDArray cold = Sampler.generate(((TemperatureGenerator) g).withTemperature(0.1), m, z, null);
            assertThat(cold.toFloatArray()).isNotEqualTo(a.toFloatArray());
            assertThatThrownBy(() -> ((TemperatureGenerator) g).withTemperature(0)).isInstanceOf(Gen4jException.class)
                    .hasMessageContaining("temperature must be positive");
        }
    }

    @Test
    void reconstructionKeepsTheTopGroupsAndRefusesOtherImages() {
        try (Vdvae model = new Vdvae(tiny(1e-3, 400), 3); NDManager m = NDManager.newBaseManager()) {
            NDArray x = images(m);
            assertThat(model.latentGroups()).isEqualTo(5);
            assertThat(model.reconstruct(x, 5, 1, new StepRandom(0, 0)).getShape()).isEqualTo(x.getShape());
            assertThat(model.reconstruct(x, 0, 0.5, new StepRandom(0, 0)).getShape()).isEqualTo(x.getShape());
            assertThatThrownBy(() -> model.reconstruct(x, 6, 1, new StepRandom(0, 0))).hasMessageContaining("depth must lie in 0 to 5");
            assertThatThrownBy(() -> model.reconstruct(m.zeros(new Shape(1, 3, 8, 8)), 1, 1, new StepRandom(0, 0)))
                    .isInstanceOf(Gen4jException.class).hasMessageContaining("1-channel 8x8");
            assertThatThrownBy(() -> model.negativeElbo(m.zeros(new Shape(1, 1, 16, 16)), new StepRandom(0, 0)))
                    .hasMessageContaining("1-channel 8x8");
        }
    }
}
