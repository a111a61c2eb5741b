package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import org.gen4j.ManagedTest;
import org.gen4j.Tensors;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

class LatentOptimisationTest extends ManagedTest {

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * A linear D(G(z)) = w.z: the batch-mean loss softplus(-w.z) has gradient -sigmoid(-w.z_i) w / N
     * in z_i, so one step is P(P(z0) + s sigmoid(-w.z) w / N).
     */
    @Test
    void csganStepsMatchTheirClosedFormAndStayOnTheUnitSphere() {
        NDArray w = m.create(new float[] {0.5f, -1f, 2f});
        NDArray z0 = new StepRandom(1, 0).normal(m, 4, 3).mul(3);
        NDArray s = m.create(new float[] {0.3f});
        NDArray z1;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            z1 = LatentOptimisation.projectedGradientDescent(z0, z -> Losses.logisticGenerator(z.matMul(w)), s, 1).stopGradient();
        }
        float[] zv = LatentOptimisation.unitSphere(z0).toFloatArray(), wv = w.toFloatArray(), got = z1.toFloatArray();
        for (int i = 0; i < 4; i++) {
            double dot = 0;
            for (int j = 0; j < 3; j++) {
                dot += zv[i * 3 + j] * wv[j];
            }
            double[] e = new double[3];
            double norm = 0;
            for (int j = 0; j < 3; j++) {
                e[j] = zv[i * 3 + j] + 0.3 * sigmoid(-dot) * wv[j] / 4;
                norm += e[j] * e[j];
            }
            for (int j = 0; j < 3; j++) {
                assertThat((double) got[i * 3 + j]).isCloseTo(e[j] / Math.sqrt(norm), within(1e-5));
            }
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray z3 = LatentOptimisation.projectedGradientDescent(z0, z -> Losses.logisticGenerator(z.matMul(w)), s, 3);
            float[] norms = z3.square().sum(new int[] {1}).toFloatArray();
            for (float n : norms) {
                assertThat((double) n).isCloseTo(1, within(1e-5));
            }
        }
    }

    @Test
    void theLearnedStepSizeReceivesAGradient() {
        NDArray w = m.create(new float[] {0.5f, -1f, 2f});
        NDArray z0 = new StepRandom(2, 0).normal(m, 4, 3);
        NDArray s = m.create(new float[] {0.5f});
        s.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray z = LatentOptimisation.projectedGradientDescent(z0, zz -> Losses.logisticGenerator(zz.matMul(w)), s, 2);
            gc.backward(Losses.logisticGenerator(z.matMul(w)));
        }
        assertThat(Math.abs(s.getGradient().getFloat())).isGreaterThan(1e-6f);
    }

    /** A linear score w.z has gradient w, so the step is alpha w / (beta + ||w||^2), clipped to [-1, 1]. */
    @Test
    void theNaturalGradientStepMatchesItsClosedFormAndIsClipped() {
        NDArray w = m.create(new float[] {1f, -2f, 0.5f});
        NDArray z = m.create(new float[] {0.1f, 0.2f, -0.3f, 0.95f, -0.99f, 0f}, new ai.djl.ndarray.types.Shape(2, 3));
        LatentOptimisation.Step step;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray leaf = z.duplicate();
            leaf.setRequiresGradient(true);
            step = LatentOptimisation.naturalGradient(leaf, zz -> zz.matMul(w), 0.9, 5);
        }
        double scale = 0.9 / (5 + 1 + 4 + 0.25);
        float[] zv = z.toFloatArray(), wv = w.toFloatArray(), d = step.delta().toFloatArray(), out = step.z().toFloatArray();
        for (int i = 0; i < 6; i++) {
            assertThat((double) d[i]).isCloseTo(scale * wv[i % 3], within(1e-6));
            assertThat((double) out[i]).isCloseTo(Math.max(-1, Math.min(1, zv[i] + scale * wv[i % 3])), within(1e-6));
        }
        assertThat(out[3]).isEqualTo(1f); // 0.95 + 0.088 clipped
        assertThat(Tensors.maxAbsDiff(step.z(), step.z().clip(-1, 1))).isZero();
    }

    /** Rows the mask leaves out keep their latent; the others take the full step. */
    @Test
    void theNaturalGradientStepMovesOnlyTheMaskedRows() {
        NDArray w = m.create(new float[] {1f, -2f, 0.5f});
        NDArray z = m.create(new float[] {0.1f, 0.2f, -0.3f, 0.4f, -0.5f, 0f}, new ai.djl.ndarray.types.Shape(2, 3));
        LatentOptimisation.Step all, masked;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray leaf = z.duplicate();
            leaf.setRequiresGradient(true);
            all = LatentOptimisation.naturalGradient(leaf, zz -> zz.matMul(w), 0.9, 5);
            masked = LatentOptimisation.naturalGradient(leaf, zz -> zz.matMul(w), 0.9, 5,
                    m.create(new float[] {0f, 1f}, new ai.djl.ndarray.types.Shape(2, 1)));
        }
        assertThat(Tensors.maxAbsDiff(masked.z().get("0"), z.get("0"))).isZero();
        assertThat(Tensors.maxAbsDiff(masked.z().get("1"), all.z().get("1"))).isZero();
        assertThat(Tensors.maxAbsDiff(masked.delta(), all.delta())).isZero();
    }
}
