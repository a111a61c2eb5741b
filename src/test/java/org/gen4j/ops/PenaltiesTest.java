package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class PenaltiesTest {

    /**
     * A linear critic D(x) = <w, x> has gradient w everywhere, so the penalty is (|w| - 1)^2
     * whatever the samples and mixing factors, and its gradient is 2 (|w| - 1) w / |w|.
     */
    @Test
    void linearCriticPenaltyEqualsItsClosedFormAndSoDoesItsGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(7);
            NDArray w = m.randomNormal(new Shape(1, 2, 3, 3)).toType(DataType.FLOAT64, false);
            w.setRequiresGradient(true);
            NDArray real = m.randomNormal(new Shape(5, 2, 3, 3)).toType(DataType.FLOAT64, false);
            NDArray fake = m.randomNormal(new Shape(5, 2, 3, 3)).toType(DataType.FLOAT64, false);
            NDArray t = m.randomUniform(0, 1, new Shape(5)).toType(DataType.FLOAT64, false);
            double gp;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray p = Penalties.gradientPenalty(x -> x.mul(w).sum(new int[] {1, 2, 3}), real, fake, t);
                gc.backward(p);
                gp = p.getDouble();
            }
            double[] wv = w.toDoubleArray();
            double norm = 0;
            for (double v : wv) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            assertThat(gp).isCloseTo((norm - 1) * (norm - 1), within(1e-12));
            double[] grad = w.getGradient().toDoubleArray();
            for (int i = 0; i < wv.length; i++) {
                assertThat(grad[i]).isCloseTo(2 * (norm - 1) * wv[i] / norm, within(1e-12));
            }
        }
    }

    /** The penalty is evaluated at real + t (fake - real): t = 0 is the real sample, t = 1 the fake. */
    @Test
    void mixingFactorsSelectWhereTheGradientIsTaken() {
        try (NDManager m = NDManager.newBaseManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            // D(x) = sum(x^2) / 2 has gradient x, so the penalty is (|x| - 1)^2 at the mixed point.
            NDArray real = m.create(new float[] {3, 4}, new Shape(1, 1, 1, 2));
            NDArray fake = m.create(new float[] {0, 0.5f}, new Shape(1, 1, 1, 2));
            var critic = (java.util.function.UnaryOperator<NDArray>) x -> x.square().sum(new int[] {1, 2, 3}).div(2);
            assertThat(Penalties.gradientPenalty(critic, real, fake, m.create(new float[] {0})).getFloat()).isCloseTo(16f, within(1e-5f));
            assertThat(Penalties.gradientPenalty(critic, real, fake, m.create(new float[] {1})).getFloat()).isCloseTo(0.25f, within(1e-6f));
        }
    }
}
