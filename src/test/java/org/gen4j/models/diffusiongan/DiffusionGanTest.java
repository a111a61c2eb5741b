package org.gen4j.models.diffusiongan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.gen4j.ManagedTest;
import org.gen4j.Tensors;
import org.gen4j.models.stylegan2.StyleGan2Config;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

class DiffusionGanTest extends ManagedTest {

    /** 8x8 grayscale, 8 feature maps, 8-d z and w, batch 4; p moves by 0.016 per adjustment (adaKimg 1). */
    static DiffusionGanConfig tiny() {
        DiffusionGanConfig c = DiffusionGanConfig.of(new StyleGan2Config(8, 1, 4, 8, 8, 2, 0.01, 64, 8, 0.002, 0, 0.99, 1e-8, 1, 4, 2, 4, 2,
                0.01, 0.9, 10, 0, 4, 0.995, 8, 0, false), 2);
        return new DiffusionGanConfig(c.resolution(), c.imageChannels(), c.batch(), c.zDim(), c.wDim(), c.mappingLayers(), c.mappingLrMul(),
                c.channelBase(), c.channelMax(), c.learningRate(), c.beta1(), c.beta2(), c.adamEpsilon(), c.r1Gamma(), c.r1Interval(),
                c.plWeight(), c.plInterval(), c.plBatchShrink(), c.plDecay(), c.styleMixing(), c.emaKimg(), c.emaRampup(), c.mbstdGroup(),
                c.wAvgBeta(), 10, 1000, 1e-4, 2e-2, 0.05, 0.6, 1, "priority", 2);
    }

    private NDArray reals(long seed) {
        return new StepRandom(seed, 0).uniform(m, 4, 1, 8, 8).mul(2).sub(1);
    }

    @Test
    void dReceivesTheTimestepAndCleanImagesPassUnchanged() {
        try (DiffusionGan model = new DiffusionGan(tiny(), 1)) {
            NDArray x = reals(1);
            float[] t0 = model.logits(x, new int[] {0, 0, 0, 0}).toFloatArray();
            float[] t1 = model.logits(x, new int[] {0, 5, 0, 800}).toFloatArray();
            assertThat(t1[0]).isEqualTo(t0[0]);
            assertThat(Math.abs(t1[1] - t0[1])).isGreaterThan(1e-5f);
            assertThat(Math.abs(t1[3] - t0[3])).isGreaterThan(1e-5f);
            // at t = 0 the diffusion is the identity, so D sees the images themselves
            assertThat(Tensors.maxAbsDiff(model.scoresAt(x, new int[] {0, 0, 0, 0}, new StepRandom(2, 2)),
                    model.logits(x, new int[] {0, 0, 0, 0}))).isZero();
        }
    }

    @Test
    void trainingMovesTAndAResumedModelContinuesExactly() {
        try (DiffusionGan a = new DiffusionGan(tiny(), 1); DiffusionGan b = new DiffusionGan(tiny(), 1)) {
            a.diffusion().setLevel(0.3, new StepRandom(0, 0)); // mid-range, so that T can move either way
            for (int i = 0; i < 9; i++) {
                a.step(reals(i), null, new StepRandom(3, i));
            }
            assertThat(a.status()).containsKeys("T", "diffusion_p");
            assertThat(a.diffusion().p()).isNotEqualTo(0.3); // two adjustments of 0.016 each
            assertThat(Math.abs(a.diffusion().p() - 0.3)).isLessThanOrEqualTo(0.032 + 1e-12);
            assertThat(a.diffusion().length()).isEqualTo(Diffusion.lengthAt(a.diffusion().p(), 10, 1000)).isNotEqualTo(307);
            b.loadState(a.stateTensors(), com.google.gson.JsonParser.parseString(a.stateJson().toString()).getAsJsonObject());
            assertThat(b.diffusion().p()).isEqualTo(a.diffusion().p());
            assertThat(b.diffusion().length()).isEqualTo(a.diffusion().length());
            assertThat(b.diffusion().table()).containsExactly(a.diffusion().table());
            for (int i = 9; i < 13; i++) {
                Map<String, Double> la = a.step(reals(i), null, new StepRandom(3, i)), lb = b.step(reals(i), null, new StepRandom(3, i));
                assertThat(lb.get("loss_D")).isCloseTo(la.get("loss_D"), org.assertj.core.data.Offset.offset(1e-5));
            }
            assertThat(b.diffusion().p()).isEqualTo(a.diffusion().p());
            assertThat(b.diffusion().table()).containsExactly(a.diffusion().table());
        }
    }
}
