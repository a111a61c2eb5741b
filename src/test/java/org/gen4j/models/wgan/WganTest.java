package org.gen4j.models.wgan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

class WganTest {

    /** 16x16, widths 4, batch 8, 3 critic steps per G step after a warm-up of 2 G steps with 4. */
    static WganConfig tiny() {
        return new WganConfig(16, 1, 8, 8, 4, 4, 5e-5, 0.99, 1e-8, 0.01, 3, 4, 2, 5, 0);
    }

    @Test
    void theCriticScheduleFollowsTheAuthorsCode() {
        WganConfig c = WganConfig.paper();
        assertThat(c.criticStepsBefore(0)).isEqualTo(100);
        assertThat(c.criticStepsBefore(24)).isEqualTo(100);
        assertThat(c.criticStepsBefore(25)).isEqualTo(5);
        assertThat(c.criticStepsBefore(499)).isEqualTo(5);
        assertThat(c.criticStepsBefore(500)).isEqualTo(100);
        assertThat(c.criticStepsBefore(501)).isEqualTo(5);
    }

    @Test
    void everyCriticWeightStaysClippedAndGStepsFollowTheSchedule() {
        try (Wgan model = new Wgan(tiny(), 1); NDManager m = NDManager.newBaseManager()) {
            int[] gAfter = new int[3];
            int g = 0;
            for (int step = 0; step < 14; step++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray reals = new StepRandom(2, step).uniform(m, 8, 1, 16, 16).mul(2).sub(1);
                    Map<String, Double> out = model.step(reals, null, new StepRandom(3, step));
                    assertThat(out.get("wdist")).isEqualTo(-out.get("loss_D"));
                    if (out.containsKey("loss_G") && g < 3) {
                        gAfter[g++] = step + 1;
                    }
                }
                model.stateTensors().forEach((k, v) -> {
                    if (k.startsWith("D.") && !k.contains("running_")) {
                        for (float x : v.toFloatArray()) {
                            assertThat(x).as(k).isBetween(-0.01f, 0.01f);
                        }
                    }
                });
            }
            // warm-up: 4 critic steps before each of G steps 0 and 1, then 3
            assertThat(gAfter).containsExactly(4, 8, 11);
        }
    }

    @Test
    void dcganNetworksHaveNoBiasesAndMakeImagesAndScoresOfTheRightShape() {
        try (Wgan model = new Wgan(WganConfig.cpu(), 1); NDManager m = NDManager.newBaseManager()) {
            assertThat(model.stateTensors().keySet().stream().filter(k -> k.endsWith(".bias") && !k.contains(".bn")))
                    .isEmpty();
            NDArray img = model.generator().generate(m.zeros(new Shape(3, 100)), null);
            assertThat(img.getShape()).isEqualTo(new Shape(3, 1, 32, 32));
            // the critic: 32 -> 16 (32 maps) -> 8 (64, BN) -> 4 (128, BN) -> score
            assertThat(model.stateTensors().get("D.conv3.weight").getShape()).isEqualTo(new Shape(1, 128, 4, 4));
            assertThat(model.stateTensors()).containsKeys("D.bn1.weight", "D.bn2.weight").doesNotContainKey("D.bn0.weight");
        }
    }
}
