package org.gen4j.models.csgan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.Tensors;
import org.gen4j.train.LatentStepsGenerator;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

class CsGanTest {

    /** 16x16, 16 maps at G's 4x4, 4 at D's full side, batch 4. */
    static CsGanConfig tiny() {
        return new CsGanConfig(16, 1, 4, 8, 16, 4, 2e-3, 0.5, 0.999, 1e-8, 3, 0.01, 3, 3, 0);
    }

    @Test
    void theLearnedStepSizeTrainsWithGAndTheOptimisationCostIsLogged() {
        try (CsGan model = new CsGan(tiny(), 1); NDManager m = NDManager.newBaseManager()) {
            Map<String, Double> out = null;
            for (int s = 0; s < 3; s++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    out = model.step(new StepRandom(2, s).uniform(m, 4, 1, 16, 16).mul(2).sub(1), null, new StepRandom(3, s));
                }
            }
            assertThat(out).containsKeys("loss_D", "loss_G", "opt_cost", "step_size");
            assertThat(out.get("step_size")).isNotEqualTo(0.01);
            assertThat(model.stateTensors()).containsKey("G.log_step_size");
        }
    }

    @Test
    void samplingOptimisesTheLatentsUnlessToldNotToAndChangesNoState() {
        try (CsGan model = new CsGan(tiny(), 1); NDManager m = NDManager.newBaseManager()) {
            model.stateTensors().get("G_ema.log_step_size").set(new float[] {0}); // a step size of 1, so the steps move z visibly
            Map<String, float[]> before = new LinkedHashMap<>();
            model.stateTensors().forEach((k, v) -> before.put(k, v.toFloatArray()));
            LatentStepsGenerator g = model.generator();
            assertThat(g.defaultLatentSteps()).isEqualTo(3);
            NDArray z = new StepRandom(5, 0).normal(m, 2, 8);
            NDArray optimised = g.generate(z, null);
            NDArray plain = g.withLatentSteps(0).generate(z, null);
            assertThat(optimised.getShape()).isEqualTo(new Shape(2, 1, 16, 16));
            assertThat(Tensors.maxAbsDiff(optimised, plain)).isGreaterThan(1e-4);
            // without steps the latent is only projected onto the unit sphere, so its length does not matter
            assertThat(Tensors.maxAbsDiff(g.withLatentSteps(0).generate(z.mul(3), null), plain)).isLessThan(1e-5);
            model.stateTensors().forEach((k, v) -> assertThat(v.toFloatArray()).as(k).containsExactly(before.get(k)));
        }
    }
}
