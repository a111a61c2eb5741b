package org.gen4j.models.stylegan3;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.gen4j.ManagedTest;
import org.gen4j.Tensors;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

class SynthesisTest extends ManagedTest {

    /** 16x16, 4 layers (2 critically sampled), at most 8 channels, margin 2, config T or R. */
    static LayerSchedule tiny(boolean r) {
        return LayerSchedule.of(16, 1, 64, 8, 4, 2, 2, Math.pow(2, 2.1), Math.pow(2, 0.3), 2, r ? 1 : 3, 6, 2, r);
    }

    @Test
    void theNetworkMakesImagesOfTheScheduledSideForBothConfigs() {
        for (boolean r : new boolean[] {false, true}) {
            Synthesis s = new Synthesis(m, new SplittableRandom(1), tiny(r), 8, 0.25, 256, 0.9);
            assertThat(s.numWs()).isEqualTo(6);
            NDArray img = s.forward(m.randomNormal(new Shape(2, 6, 8)), null, true);
            assertThat(img.getShape()).isEqualTo(new Shape(2, 1, 16, 16));
            assertThat(img.isInfinite().any().getBoolean() || img.isNaN().any().getBoolean()).isFalse();
        }
    }

    @Test
    void anIntegerTranslationOfTheInputTransformShiftsTheFourierFeatures() {
        Synthesis.FourierInput in = new Synthesis.FourierInput(m, new SplittableRandom(2), 8, 6, 12, 8, 2);
        NDArray w = m.randomNormal(new Shape(2, 8));
        NDArray base = in.forward(w, null);
        int k = 3; // pixels; the user transform is the inverse of the image's translation by k / rate units
        double[] inverse = {1, 0, -k / 8.0, 0, 1, 0, 0, 0, 1};
        NDArray moved = in.forward(w, inverse);
        assertThat(Tensors.maxAbsDiff(moved.get(":, :, :, " + k + ":"), base.get(":, :, :, :" + (12 - k)))).isLessThan(1e-5);
        double[] down = {1, 0, 0, 0, 1, -2 / 8.0, 0, 0, 1};
        assertThat(Tensors.maxAbsDiff(in.forward(w, down).get(":, :, 2:, :"), base.get(":, :, :10, :"))).isLessThan(1e-5);
        assertThat(Tensors.maxAbsDiff(moved, base)).isGreaterThan(1e-2);
    }

    @Test
    void theInputsAffineStartsAtTheIdentityTransform() {
        Synthesis.FourierInput in = new Synthesis.FourierInput(m, new SplittableRandom(2), 8, 6, 12, 8, 2);
        NDArray a = in.forward(m.randomNormal(new Shape(1, 8)), null);
        NDArray b = in.forward(m.randomNormal(new Shape(1, 8)), null);
        assertThat(Tensors.maxAbsDiff(a, b)).isZero();
        assertThat(in.freqs.square().sum(new int[] {1}).sqrt().max().getFloat()).isLessThanOrEqualTo(2f);
    }

    @Test
    void aTrainingPassMovesEachLayersMagnitudeAverageTowardsItsInputsMeanSquare() {
        Synthesis s = new Synthesis(m, new SplittableRandom(1), tiny(false), 8, 0.25, 256, 0.5);
        NDArray ws = m.randomNormal(new Shape(2, 6, 8));
        NDArray before = s.forward(ws, null, false);
        assertThat(s.buffers().get("L0_20_8.magnitude_ema").getFloat()).isEqualTo(1f);
        s.forward(ws, null, true);
        float ema = s.buffers().get("L0_20_8.magnitude_ema").getFloat();
        assertThat(ema).isNotEqualTo(1f);
        assertThat(Tensors.maxAbsDiff(s.forward(ws, null, false), before)).isGreaterThan(1e-6);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Synthesis s = new Synthesis(m, new SplittableRandom(3), tiny(true), 8, 0.25, 256, 0.9);
        NDArray ws = new StepRandom(1, 0).normal(m, 1, 6, 8); // fixed draws: float32 differences need gradients well above 1e-3
        NDArray weights = new StepRandom(2, 0).normal(m, 1, 1, 16, 16);
        Tensors.checkGradients(s.parameters(), List.of("input.weight", "input.affine_weight", "L1_20_8.weight", "L2_20_4.affine.weight",
                "L4_16_1.affine.weight", "L1_20_8.bias"), () -> s.forward(ws, null, false).mul(weights));
    }
}
