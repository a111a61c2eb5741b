package org.gen4j.models.stylegan3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.Map;
import org.gen4j.ManagedTest;
import org.gen4j.Tensors;
import org.gen4j.metrics.Equivariance;
import org.gen4j.models.stylegan2.Discriminator;
import org.gen4j.ops.UpFirDn;
import org.gen4j.train.Configs;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.StepRandom;
import org.gen4j.train.TransformableGenerator;
import org.junit.jupiter.api.Test;

class StyleGan3Test extends ManagedTest {

    /** 16x16, 4 layers, at most 8 channels (D too), 8-d z and w, batch 4, R1 every 2 minibatches. */
    static StyleGan3Config tiny(String config) {
        return new StyleGan3Config(16, 1, 4, config, 8, 8, 2, 0.01, 0.998, 64, 8, 64, 8, 4, 2, 2, 0.25, 256, 0.0025, 0.002, 0, 0.99, 1e-8,
                0.5, 2, 0.5, 0.05, 2, 4, 8, 0, false);
    }

    NDArray reals(int i) {
        return new StepRandom(5, i).uniform(m, 4, 1, 16, 16).mul(2).sub(1);
    }

    @Test
    void aStepTrainsBothNetworksAndOnlyDsFakePassMovesTheTrackedAverages() {
        try (StyleGan3 model = new StyleGan3(tiny("t"), 1); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Map<String, Double> out = model.step(reals(0), null, new StepRandom(1, 0));
            assertThat(out).containsKeys("loss_G", "loss_D", "r1_penalty");
            assertThat(out).doesNotContainKey("pl_penalty");
            NDArray g = model.trainedSynthesis().buffers().get("L0_20_8.magnitude_ema");
            assertThat(g.getFloat()).isNotEqualTo(1f);
            // the average generator's buffers are G's, copied
            NDArray ema = model.stateTensors().get("G_ema.synthesis.L0_20_8.magnitude_ema");
            assertThat(ema.getFloat()).isEqualTo(g.getFloat());
            // one tracked pass per step (the D pass): w_avg after one step is (1 - beta) times that pass's mean w
            assertThat(model.stateTensors().get("w_avg").abs().max().getFloat()).isGreaterThan(0f);
            Map<String, Double> second = model.step(reals(1), null, new StepRandom(1, 1));
            assertThat(second).doesNotContainKey("r1_penalty"); // lazy: every second minibatch
        }
    }

    @Test
    void configRBlursDsInputByASigmaThatFadesFromTenToZero() {
        StyleGan3Config r = tiny("r");
        assertThat(r.convKernel()).isEqualTo(1);
        assertThat(r.blurSigma(0)).isEqualTo(10);
        assertThat(r.blurSigma(1000)).isEqualTo(5);
        assertThat(r.blurSigma(2000)).isZero();
        assertThat(tiny("t").blurSigma(0)).isZero();
        try (StyleGan3 model = new StyleGan3(r, 1)) {
            NDArray x = reals(0);
            model.schedule(500);
            Discriminator d = (Discriminator) model.networks().get(1);
            assertThat(Tensors.maxAbsDiff(model.dScores(x), d.forward(UpFirDn.gaussianBlur(x, 7.5)))).isLessThan(1e-5);
            model.schedule(5000);
            assertThat(Tensors.maxAbsDiff(model.dScores(x), d.forward(x))).isZero();
        }
    }

    @Test
    void restoringTheStateContinuesExactly() {
        try (StyleGan3 a = new StyleGan3(tiny("r"), 1); StyleGan3 b = new StyleGan3(tiny("r"), 2)) {
            for (int i = 0; i < 3; i++) {
                a.schedule(i * 4L);
                a.step(reals(i), null, new StepRandom(1, i));
            }
            b.loadState(a.stateTensors(), a.stateJson());
            a.schedule(12);
            b.schedule(12);
            assertThat(b.step(reals(3), null, new StepRandom(1, 3))).isEqualTo(a.step(reals(3), null, new StepRandom(1, 3)));
            NDArray z = new StepRandom(8, 0).normal(m, 2, 8);
            assertThat(b.generator().generate(z, null).toFloatArray()).containsExactly(a.generator().generate(z, null).toFloatArray());
        }
    }

    @Test
    void theSamplerRendersThroughTheUserTransform() {
        try (StyleGan3 model = new StyleGan3(tiny("t"), 1)) {
            TransformableGenerator g = (TransformableGenerator) model.generator();
            NDArray ws = g.mapping(new StepRandom(8, 0).normal(m, 2, 8), null, 1, g.numWs());
            NDArray plain = g.synthesis(ws);
            assertThat(Tensors.maxAbsDiff(g.synthesis(ws, TransformableGenerator.inverseOf(0, 0, 0)), plain)).isLessThan(1e-6);
            assertThat(Tensors.maxAbsDiff(g.transformed(0.25, 0, 0).synthesis(ws), plain)).isGreaterThan(1e-4);
        }
    }

    /**
     * The paper's claim behind the metric: the alias-free layers keep even an untrained network
     * close to equivariant, far more than an image that ignores the input transform (what an
     * aliasing network that sticks to pixel coordinates approaches), which sets the baseline.
     */
    @Test
    void anUntrainedConfigTIsFarMoreTranslationEquivariantThanAGeneratorThatIgnoresTheTransform() {
        try (StyleGan3 model = new StyleGan3(tiny("t"), 1)) {
            TransformableGenerator g = (TransformableGenerator) model.generator();
            double alias = Equivariance.evaluate(new Ignoring(g), 16, true, false, false, line -> {}).get("eqt");
            Map<String, Double> eq = Equivariance.evaluate(g, 16, true, true, false, line -> {});
            assertThat(eq.get("eqt")).isGreaterThan(alias + 10);
            assertThat(eq.get("eqt_frac")).isGreaterThan(alias + 10);
        }
    }

    /** {@code base} with the input transform dropped: the same image for every translation. */
    private static final class Ignoring extends ImageGenerator.Delegate implements TransformableGenerator {
        private final TransformableGenerator base;

        Ignoring(TransformableGenerator base) {
            super(base);
            this.base = base;
        }

        @Override
        public NDArray synthesis(NDArray ws, double[] inverse) {
            return base.synthesis(ws);
        }

        @Override
        public NDArray synthesis(NDArray ws) {
            return base.synthesis(ws);
        }

        @Override
        public double margin() {
            return base.margin();
        }

        @Override
        public int numWs() {
            return base.numWs();
        }

        @Override
        public int wDim() {
            return base.wDim();
        }

        @Override
        public NDArray mapping(NDArray latents, NDArray classes, double psi, int cutoff) {
            return base.mapping(latents, classes, psi, cutoff);
        }
    }

    @Test
    void aConfigOtherThanTOrRIsRefused() {
        assertThatThrownBy(() -> Configs.override(tiny("t"), Map.of("config", "x"), "model stylegan3"))
                .hasMessageContaining("config must be t or r, got 'x'");
    }
}
