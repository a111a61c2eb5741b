package org.gen4j.models.ncpvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gen4j.Gen4jException;
import org.gen4j.models.vdvae.Vdvae;
import org.gen4j.models.vdvae.VdvaeConfig;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.PriorSampling;
import org.gen4j.train.ReweightedPriorGenerator;
import org.gen4j.train.Sampler;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

class NcpVaeTest {

    /** 8x8 grayscale VDVAE, width 8, zdim 2: 5 latent groups at 1, 4, 4, 8, 8. */
    static Vdvae tinyBase(long seed) {
        return new Vdvae(new VdvaeConfig(8, 1, 4, 8, 2, 0.5, "8x1,8d2,4x1,4d4,1x1", "1x1,4m1,4x1,8m4,8x1", 2, 1e-3, 0.9, 0.9, 0.01, 0, 200,
                400, 0.9), seed);
    }

    static NcpVaeConfig tiny(PriorSampling.Method sampler, int proposals, int steps) {
        return new NcpVaeConfig(8, 1, 4, "", 8, 1, 1e-2, 0.9, 0.999, sampler, proposals, steps, 0.1);
    }

    /** The latents of seeds {@code from .. from + n - 1}. */
    private static NDArray latents(NDManager m, long from, int n, int dim) {
        List<float[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(Sampler.latent(from + i, dim));
        }
        return Sampler.stack(m, rows);
    }

    private static NDArray images(NDManager m) {
        return new StepRandom(5, 0).uniform(m, 4, 1, 8, 8).mul(2).sub(1);
    }

    private static Map<String, float[]> copy(Map<String, NDArray> tensors) {
        Map<String, float[]> c = new HashMap<>();
        tensors.forEach((k, v) -> c.put(k, v.toFloatArray()));
        return c;
    }

    @Test
    void theClassifiersLearnWhileTheBaseVaeStaysFrozen() {
        try (NcpVae model = new NcpVae(tiny(PriorSampling.Method.SIR, 4, 2), 0, tinyBase(1)); NDManager m = NDManager.newBaseManager()) {
            NDArray x = images(m);
            Map<String, float[]> baseBefore = copy(model.base().stateTensors());
            Map<String, float[]> clfBefore = copy(model.classifierParameters());
            assertThat(clfBefore.keySet()).anyMatch(k -> k.startsWith("group4."));
            for (int s = 0; s < 3; s++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    Map<String, Double> out = model.step(x, null, new StepRandom(2, s));
                    assertThat(out.get("loss")).isBetween(0.1, 3.0);
                    assertThat(out.get("acc")).isBetween(0.0, 1.0);
                }
            }
            // every classifier parameter received a gradient and moved, but the top group's context weights: its context
            // is the decoder's learned starting state, zero in an untrained VDVAE
            model.classifierParameters().forEach((k, v) -> {
                if (!k.equals("group0.context_in.weight")) {
                    assertThat(v.toFloatArray()).as(k).isNotEqualTo(clfBefore.get(k));
                }
            });
            // nothing of the base VAE moved, and none of it holds a gradient
            model.base().stateTensors().forEach((k, v) -> {
                assertThat(v.toFloatArray()).as(k).isEqualTo(baseBefore.get(k));
                if (v.hasGradient()) {
                    assertThat(v.getGradient().abs().sum().getFloat()).as("gradient of %s", k).isZero();
                }
            });
        }
    }

    @Test
    void aGroupClassifierLearnsToTellANarrowerShiftedPosteriorFromThePrior() {
        // q = N(0.3, 0.7^2) against p = N(0, 1) at every position of a 16x16 group, with a context it must ignore
        try (NDManager m = NDManager.newBaseManager()) {
            GroupClassifier d = new GroupClassifier(m, new java.util.SplittableRandom(0), 2, 3, 16, 8, 1);
            org.gen4j.train.Adam adam = new org.gen4j.train.Adam(m, d.parameters(), 1e-2, 0.9, 0.999, 1e-8);
            double loss = 0;
            for (int t = 0; t < 60; t++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    StepRandom r = new StepRandom(4, t);
                    NDArray q = r.normal(m, 16, 2, 16, 16).mul(0.7).add(0.3), p = r.normal(m, 16, 2, 16, 16), c = r.normal(m, 16, 3, 16, 16);
                    try (ai.djl.training.GradientCollector g = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                        NDArray f = d.contextFeatures(c);
                        NDArray l = NcpVae.nceLoss(d.logits(q, f), d.logits(p, f));
                        g.backward(l);
                        loss = l.getFloat();
                    }
                    adam.step();
                }
            }
            // ln 4 = 1.386 is a classifier that cannot tell; the two are far apart over 512 values
            assertThat(loss).isLessThan(0.3);
        }
    }

    @Test
    void samplersGiveTheBasesImageWhenTheyCannotReweightAndAreDeterministicPerLatent() {
        try (NcpVae model = new NcpVae(tiny(PriorSampling.Method.SIR, 6, 3), 0, tinyBase(1)); NDManager m = NDManager.newBaseManager()) {
            for (int s = 0; s < 2; s++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    model.step(images(m), null, new StepRandom(2, s));
                }
            }
            ReweightedPriorGenerator g = (ReweightedPriorGenerator) model.generator();
            assertThat(g.sampling().describe()).isEqualTo("sir (6 proposals)");
            NDArray z = latents(m, 0, 5, g.latentDim());
            float[] base = model.base().generator().generate(z, null).toFloatArray();
            PriorSampling s = g.sampling();
            assertThat(g.withSampling(s.with(PriorSampling.Method.PRIOR)).generate(z, null).toFloatArray()).isEqualTo(base);
            assertThat(g.withSampling(new PriorSampling(PriorSampling.Method.SIR, 1, 3, 0.1)).generate(z, null).toFloatArray()).isEqualTo(base);
            assertThat(g.withSampling(new PriorSampling(PriorSampling.Method.LANGEVIN, 6, 0, 0.1)).generate(z, null).toFloatArray())
                    .isEqualTo(base);
            for (PriorSampling.Method method : List.of(PriorSampling.Method.SIR, PriorSampling.Method.LANGEVIN)) {
                ImageGenerator gen = g.withSampling(s.with(method));
                NDArray a = gen.generate(z, null);
                assertThat(a.getShape()).isEqualTo(new Shape(5, 1, 8, 8));
                assertThat(a.toFloatArray()).as(method.name()).isEqualTo(gen.generate(z, null).toFloatArray()).isNotEqualTo(base);
                // an image depends on its own latent only, not on the others sampled with it
                float[] first = gen.generate(z.get("0:2"), null).toFloatArray();
                assertThat(first).isEqualTo(java.util.Arrays.copyOf(a.toFloatArray(), first.length));
            }
        }
    }

    @Test
    void aCheckpointRestoresTheClassifiersAndTheBaseWeightsTheyWereTrainedOn() {
        try (NcpVae model = new NcpVae(tiny(PriorSampling.Method.SIR, 4, 2), 0, tinyBase(1)); NDManager m = NDManager.newBaseManager()) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                model.step(images(m), null, new StepRandom(2, 0));
            }
            NDArray z = latents(m, 3, 4, model.generator().latentDim());
            float[] expected = model.generator().generate(z, null).toFloatArray();
            Map<String, NDArray> saved = new HashMap<>();
            model.stateTensors().forEach((k, v) -> saved.put(k, v.duplicate()));
            try (NcpVae other = new NcpVae(tiny(PriorSampling.Method.SIR, 4, 2), 9, tinyBase(2))) {
                assertThat(other.generator().generate(z, null).toFloatArray()).isNotEqualTo(expected);
                other.loadState(saved, model.stateJson());
                assertThat(other.generator().generate(z, null).toFloatArray()).isEqualTo(expected);
            }
        }
    }

    @Test
    void badSettingsAreOneSentenceEach() {
        assertThatThrownBy(() -> PriorSampling.Method.parse("gibbs")).isInstanceOf(Gen4jException.class)
                .hasMessage("unknown sampler 'gibbs'; accepted: prior, sir, langevin.");
        assertThatThrownBy(() -> new PriorSampling(PriorSampling.Method.SIR, 0, 10, 0.1)).hasMessage("SIR needs at least 1 proposal, got 0.");
        assertThatThrownBy(() -> new PriorSampling(PriorSampling.Method.LANGEVIN, 5, -1, 0.1))
                .hasMessage("the Langevin steps must not be negative, got -1.");
        assertThatThrownBy(() -> new PriorSampling(PriorSampling.Method.LANGEVIN, 5, 1, 0)).hasMessage("the Langevin step size must be positive, got 0.0.");
        assertThatThrownBy(() -> new NcpVae(new NcpVaeConfig(16, 1, 4, "", 8, 1, 1e-2, 0.9, 0.999, PriorSampling.Method.SIR, 4, 2, 0.1), 0,
                tinyBase(1))).isInstanceOf(Gen4jException.class)
                .hasMessage("the base VDVAE makes 1-channel 8x8 images, but NCP-VAE is set for 1-channel 16x16; train it on the base's data at "
                        + "--resolution 8.");
        assertThatThrownBy(() -> new NcpVae(tiny(PriorSampling.Method.SIR, 4, 2), 0)).isInstanceOf(Gen4jException.class)
                .hasMessage("NCP-VAE trains on a trained VDVAE; give its run folder with --base RUN.");
    }
}
