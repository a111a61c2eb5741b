package org.gen4j.models.stylegan2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.gen4j.ManagedTest;
import org.gen4j.Tensors;
import org.gen4j.nn.Embedding;
import org.gen4j.train.ConditionalGenerator;
import org.gen4j.train.Configs;
import org.gen4j.train.StepRandom;
import org.gen4j.train.StyleGenerator;
import org.junit.jupiter.api.Test;

/** Class-conditional StyleGAN2: G's mapping embeds the class, D projects onto it, training feeds the minibatch's labels to both. */
class ConditionalStyleGan2Test extends ManagedTest {

    /** {@link StyleGan2Test#tiny} conditioned on 3 classes, with a 2-layer D label mapping. */
    static StyleGan2Config tiny() {
        return Configs.override(StyleGan2Test.tiny(0.9, 2, 2), Map.of("numClasses", "3", "conditional", "true", "dMappingLayers", "2"),
                "test");
    }

    NDArray reals(long seed) {
        return new StepRandom(seed, 0).uniform(m, 4, 1, 8, 8).mul(2).sub(1);
    }

    @Test
    void theClassChangesGsImageAtAFixedLatentAndDsLogit() {
        try (StyleGan2 model = new StyleGan2(tiny(), 1)) {
            StyleGenerator g = model.generator();
            assertThat(g.numClasses()).isEqualTo(3);
            NDArray z = new StepRandom(2, 0).normal(m, 2, 8);
            NDArray a = g.generate(z, m.create(new long[] {0, 0})), b = g.generate(z, m.create(new long[] {1, 2}));
            assertThat(Tensors.maxAbsDiff(a, b)).isGreaterThan(1e-3);
            assertThat(Tensors.maxAbsDiff(a, g.generate(z, m.create(new long[] {0, 0})))).isZero();
            // G's first mapping layer takes z and the embedded class
            assertThat(model.trainedGenerator().parameters().get("mapping.fc0.weight").getShape().get(1)).isEqualTo(16);
            assertThat(model.trainedGenerator().parameters().get("mapping.embed.weight").getShape().getShape()).containsExactly(8, 3);
            // an equal mixture of one class with itself is that class; of two classes, something else
            NDArray w0 = Embedding.oneHot(m.create(new long[] {0, 0}), 3);
            assertThat(Tensors.maxAbsDiff(((ConditionalGenerator) g).generateMixed(z, w0), a)).isLessThan(1e-6);
            NDArray half = m.create(new float[] {0.5f, 0.5f, 0, 0.5f, 0.5f, 0}, new ai.djl.ndarray.types.Shape(2, 3));
            assertThat(Tensors.maxAbsDiff(((ConditionalGenerator) g).generateMixed(z, half), a)).isGreaterThan(1e-4);
            NDArray img = reals(3).get(":2");
            float[] d0 = model.scores(img, Embedding.oneHot(m.create(new long[] {0, 0}), 3)).toFloatArray();
            float[] d1 = model.scores(img, Embedding.oneHot(m.create(new long[] {0, 2}), 3)).toFloatArray();
            assertThat(d1[0]).isEqualTo(d0[0]);
            assertThat(Math.abs(d1[1] - d0[1])).isGreaterThan(1e-5f);
        }
    }

    @Test
    void samplingNeedsClassesInRangeAndAnUnconditionalModelTakesNone() {
        try (StyleGan2 model = new StyleGan2(tiny(), 1); StyleGan2 plain = new StyleGan2(StyleGan2Test.tiny(0.9, 2, 2), 1)) {
            NDArray z = new StepRandom(2, 0).normal(m, 2, 8);
            assertThatThrownBy(() -> model.generator().generate(z, null)).hasMessage("StyleGAN2 is class-conditional; give each image a class.");
            assertThatThrownBy(() -> model.generator().generate(z, m.create(new long[] {0, 3})))
                    .hasMessage("class 3 is out of range; StyleGAN2 has classes 0 to 2.");
            assertThatThrownBy(() -> plain.generator().generate(z, m.create(new long[] {0, 1})))
                    .hasMessage("StyleGAN2 is unconditional; it takes no class labels.");
            assertThat(plain.generator().numClasses()).isZero();
            assertThat(plain.trainedGenerator().parameters()).doesNotContainKey("mapping.embed.weight");
        }
    }

    @Test
    void aTrainingStepFeedsTheLabelsToGAndD() {
        try (StyleGan2 model = new StyleGan2(tiny(), 1)) {
            NDArray gEmbed = model.trainedGenerator().parameters().get("mapping.embed.weight").duplicate();
            NDArray dEmbed = model.discriminator().parameters().get("cembed.weight").duplicate();
            NDArray labels = m.create(new long[] {0, 1, 2, 1});
            for (int i = 0; i < 2; i++) { // the first step runs R1 and path length (intervals of 2), the second not
                Map<String, Double> out = model.step(reals(i), labels, new StepRandom(4, i));
                assertThat(out.get("loss_G")).isFinite();
                assertThat(out.get("loss_D")).isFinite();
                if (i == 0) {
                    assertThat(out.get("r1_penalty")).isFinite().isPositive();
                    assertThat(out.get("pl_penalty")).isFinite();
                }
            }
            // the class embeddings of G and D learn
            assertThat(Tensors.maxAbsDiff(gEmbed, model.trainedGenerator().parameters().get("mapping.embed.weight")))
                    .isPositive();
            assertThat(Tensors.maxAbsDiff(dEmbed, model.discriminator().parameters().get("cembed.weight"))).isPositive();
            assertThatThrownBy(() -> model.step(reals(5), null, new StepRandom(4, 5)))
                    .hasMessageContaining("is class-conditional but the training data has no labels");
        }
    }

    @Test
    void unconditionalIsTheDefaultOfEveryPreset() {
        new StyleGan2Spec().presets().values().forEach(c -> assertThat(c.conditional()).isFalse());
        new org.gen4j.models.stylegan3.StyleGan3Spec().presets().values().forEach(c -> assertThat(c.conditional()).isFalse());
    }

    @Test
    void anUnconditionalConfigMustHaveNoClassesAndAConditionalOneSome() {
        assertThatThrownBy(() -> Configs.override(StyleGan2Test.tiny(0.9, 2, 2), Map.of("numClasses", "3"), "test"))
                .hasMessageContaining("numClasses must be positive for a conditional model and 0 otherwise, got 3 (conditional=false)");
        assertThatThrownBy(() -> Configs.override(StyleGan2Test.tiny(0.9, 2, 2), Map.of("conditional", "true"), "test"))
                .hasMessageContaining("got 0 (conditional=true)");
    }
}
