package org.gen4j.models.sagan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.gen4j.nn.WeightInit;
import org.gen4j.train.ConditionalGenerator;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

class SaganTest {

    /** 32x32 grayscale, width 2 (8 channels), attention at 16x16, batch 16, G average decay 0.9. */
    static SaganConfig tiny(int numClasses, int dSteps) {
        return new SaganConfig(32, 1, 16, numClasses, numClasses > 0, 16, 2, 16, WeightInit.ORTHOGONAL, 2e-3, 2e-3, 0, 0.9, 1e-8,
                dSteps, 0.9, 0, 0);
    }

    /** Constant images: class 0 dark, class 1 bright. */
    static NDArray toyBatch(NDManager m, long[] classes) {
        float[] px = new float[classes.length * 32 * 32];
        for (int i = 0; i < classes.length; i++) {
            for (int j = 0; j < 1024; j++) {
                px[i * 1024 + j] = classes[i] == 0 ? -0.8f : 0.8f;
            }
        }
        return m.create(px, new Shape(classes.length, 1, 32, 32));
    }

    /** Class 0 is a vertical bar, class 1 a centred square, both white on black and shifted by up to 2 pixels. */
    static float[] shape(int cls, int shift) {
        float[] px = new float[1024];
        java.util.Arrays.fill(px, -1f);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                boolean on = cls == 0 ? x >= 13 + shift && x < 19 + shift && y >= 2 && y < 30
                        : x >= 8 + shift && x < 24 + shift && y >= 8 + shift && y < 24 + shift;
                if (on) {
                    px[y * 32 + x] = 1f;
                }
            }
        }
        return px;
    }

    /** Mean brightness where only a bar is white minus where only a square is: about 2 for bars, -2 for squares. */
    static double barMinusSquare(NDArray images) {
        float[] v = images.toFloatArray();
        double bar = 0, square = 0;
        int nb = 0, ns = 0;
        for (int i = 0; i < v.length / 1024; i++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    double p = v[i * 1024 + y * 32 + x];
                    if (x >= 14 && x < 18 && (y >= 2 && y < 6 || y >= 26 && y < 30)) {
                        bar += p;
                        nb++;
                    } else if ((x >= 9 && x < 12 || x >= 20 && x < 23) && y >= 10 && y < 22) {
                        square += p;
                        ns++;
                    }
                }
            }
        }
        return bar / nb - square / ns;
    }

    /** Two classes of distinct images: after 300 steps the generator draws each class's shape when asked for it. */
    @Test
    void aConditionalToyRunLearnsToProduceTheRequestedClass() {
        SaganConfig c = new SaganConfig(32, 1, 16, 2, true, 16, 2, 16, WeightInit.ORTHOGONAL, 1e-3, 2e-3, 0, 0.9, 1e-8, 1, 0, 0, 0);
        try (Sagan model = new Sagan(c, 3); NDManager m = NDManager.newBaseManager()) {
            for (int step = 0; step < 300; step++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    long[] classes = new long[16];
                    float[] px = new float[16 * 1024];
                    for (int i = 0; i < 16; i++) {
                        classes[i] = (i + step) % 2;
                        System.arraycopy(shape((int) classes[i], (i * 7 + step) % 5 - 2), 0, px, i * 1024, 1024);
                    }
                    model.step(m.create(px, new Shape(16, 1, 32, 32)), m.create(classes), new StepRandom(7, step));
                }
            }
            ConditionalGenerator g = model.generator();
            NDArray z = new StepRandom(99, 0).normal(m, 16, 16);
            double bars = barMinusSquare(g.generate(z, m.full(new Shape(16), 0, ai.djl.ndarray.types.DataType.INT64)));
            double squares = barMinusSquare(g.generate(z, m.full(new Shape(16), 1, ai.djl.ndarray.types.DataType.INT64)));
            assertThat(bars - squares).as("bar-minus-square score of class 0 (%.3f) less that of class 1 (%.3f)", bars, squares)
                    .isGreaterThan(1.0);
        }
    }

    @Test
    void dStepsPerGStepAreCountedAndGLearnsOnlyOnItsSteps() {
        try (Sagan model = new Sagan(tiny(2, 3), 1); NDManager m = NDManager.newBaseManager()) {
            long[] c = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
            int gSteps = 0;
            for (int step = 0; step < 7; step++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    Map<String, Double> out = model.step(toyBatch(m, c), m.create(c), new StepRandom(1, step));
                    assertThat(out).containsKey("loss_D");
                    if (out.containsKey("loss_G")) {
                        gSteps++;
                        assertThat(step % 3).isEqualTo(2);
                    }
                }
            }
            assertThat(gSteps).isEqualTo(2);
            assertThat(model.status()).containsEntry("g_steps", 2L);
        }
    }

    @Test
    void anUnconditionalSaganHasNoProjectionAndTakesNoClasses() {
        try (Sagan model = new Sagan(tiny(0, 1), 1); NDManager m = NDManager.newBaseManager()) {
            assertThat(model.stateTensors().keySet()).noneMatch(k -> k.startsWith("D.") && k.contains("embed"));
            // G's conditional batch norms hold one row: a learned per-channel gain and bias
            assertThat(model.stateTensors().get("G.block0.bn1.gain.weight").getShape()).isEqualTo(new Shape(8, 1));
            ConditionalGenerator g = model.generator();
            assertThat(g.numClasses()).isZero();
            NDArray z = new StepRandom(1, 0).normal(m, 2, 16);
            assertThat(g.generate(z, null).getShape()).isEqualTo(new Shape(2, 1, 32, 32));
            assertThatThrownBy(() -> g.generate(z, m.zeros(new Shape(2), ai.djl.ndarray.types.DataType.INT64)))
                    .hasMessageContaining("unconditional");
        }
    }

    @Test
    void theAttentionBlockSitsAtTheConfiguredResolutionInBothNetworks() {
        try (Sagan model = new Sagan(tiny(2, 1), 1)) {
            // G: blocks to 8, 16, 32; attention after block1 (16x16). D: blocks to 16, 8, 8, 8; attention after block0.
            assertThat(model.stateTensors()).containsKeys("G.attention.gamma", "D.attention.gamma");
            assertThat(model.stateTensors().get("G.attention.theta.weight").getShape()).isEqualTo(new Shape(1, 8, 1, 1));
        }
        SaganConfig none = new SaganConfig(32, 1, 16, 2, true, 16, 2, 0, WeightInit.ORTHOGONAL, 4e-4, 8e-4, 0, 0.9, 1e-8, 1, 0.9, 0, 0);
        try (Sagan model = new Sagan(none, 1)) {
            assertThat(model.stateTensors().keySet()).noneMatch(k -> k.contains("attention"));
        }
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> new SaganConfig(48, 1, 16, 2, true, 16, 2, 16, WeightInit.ORTHOGONAL, 4e-4, 8e-4, 0, 0.9, 1e-8, 1, 0.9, 0, 0))
                .hasMessageContaining("resolution must be one of [32, 64, 128, 256]");
        assertThatThrownBy(() -> new SaganConfig(32, 1, 16, 0, true, 16, 2, 16, WeightInit.ORTHOGONAL, 4e-4, 8e-4, 0, 0.9, 1e-8, 1, 0.9, 0, 0))
                .hasMessageContaining("numClasses must be positive for a conditional model");
        assertThatThrownBy(() -> new SaganConfig(32, 1, 16, 2, true, 16, 2, 32, WeightInit.ORTHOGONAL, 4e-4, 8e-4, 0, 0.9, 1e-8, 1, 0.9, 0, 0))
                .hasMessageContaining("attentionResolution must be 0 (none) or a power of two from 8 to 16");
    }
}
