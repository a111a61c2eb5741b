package org.gen4j.models.stylegan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.gen4j.ManagedTest;
import org.gen4j.Tensors;
import org.gen4j.models.progan.Growth;
import org.gen4j.train.NoiseMode;
import org.gen4j.nn.Parameters;
import org.gen4j.ops.Autograd;
import org.gen4j.ops.Normalization;
import org.gen4j.ops.Resample;
import org.gen4j.train.StepRandom;
import org.gen4j.train.StyleGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StyleGanTest extends ManagedTest {

    /** 16x16 with 8 feature maps, 8-d z and w, 2 mapping layers, batch 4, growth every 32 images. */
    static StyleGanConfig tiny() {
        return new StyleGanConfig(16, 1, 4, 8, 8, 2, 0.01, 64, 8, 0.032, 0.032, 0.001, 0, 0.99, 1e-8, 1, 0.9, 1, 4, 0.995, true);
    }

    NDArray reals(long seed) {
        return new StepRandom(seed, 0).uniform(m, 4, 1, 16, 16).mul(2).sub(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16})
    void fadeInAtAlphaZeroIsTheLowerResolutionPathAndAtOneTheNewPath(int res) {
        try (StyleGan model = new StyleGan(tiny(), 1)) {
            Generator g = model.trainedGenerator();
            NDArray ws = model.wSpace().truncated(g.mapping.forward(new StepRandom(2, 0).normal(m, 3, 8)), 1, 6);
            NDArray low = g.synthesis(ws, new Growth(res / 2, 1), NoiseMode.CONST, null);
            assertThat(Tensors.maxAbsDiff(g.synthesis(ws, new Growth(res, 0), NoiseMode.CONST, null), Resample.upsample2x(low)))
                    .isLessThan(1e-6);
            NDArray high = g.synthesis(ws, new Growth(res, 1), NoiseMode.CONST, null);
            assertThat(high.getShape()).isEqualTo(new Shape(3, 1, res, res));
            assertThat(Tensors.maxAbsDiff(high, Resample.upsample2x(low))).isGreaterThan(1e-4);

            NDArray x = reals(3).get(":3");
            NDArray atRes = Resample.downsampleTo(x, res);
            var d = model.discriminator();
            assertThat(Tensors.maxAbsDiff(d.forward(atRes, new Growth(res, 0)),
                    d.forward(Resample.downsample2x(atRes), new Growth(res / 2, 1)))).isLessThan(1e-5);
        }
    }

    @Test
    void adainGivesEveryChannelTheStylesMeanAndStandardDeviation() {
        NDArray x = m.randomNormal(new Shape(2, 3, 8, 8)).mul(4).add(7);
        NDArray style = m.create(new float[] {0.5f, -0.5f, 1, 2, -3, 0.25f, 0, 0, 0, 1, 1, 1}, new Shape(2, 6));
        NDArray y = Generator.Epilogue.adain(Normalization.instanceNorm(x, 1e-8), style);
        float[] v = y.toFloatArray(), s = style.toFloatArray();
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                double sum = 0, sq = 0;
                for (int p = 0; p < 64; p++) {
                    double e = v[(n * 3 + c) * 64 + p];
                    sum += e;
                    sq += e * e;
                }
                double mean = sum / 64, std = Math.sqrt(sq / 64 - mean * mean);
                assertThat(mean).isCloseTo(s[n * 6 + 3 + c], org.assertj.core.data.Offset.offset(1e-4));
                assertThat(std).isCloseTo(Math.abs(s[n * 6 + c] + 1), org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void noiseEntersOnlyThroughItsLearnedScales() {
        try (StyleGan model = new StyleGan(tiny(), 1)) {
            model.schedule(1_000_000);
            Generator g = model.trainedGenerator();
            NDArray ws = model.wSpace().truncated(g.mapping.forward(new StepRandom(2, 0).normal(m, 2, 8)), 1, 6);
            Growth full = new Growth(16, 1);
            NDArray none = g.synthesis(ws, full, NoiseMode.NONE, null);
            // the scales start at zero, so noise changes nothing yet
            assertThat(Tensors.maxAbsDiff(g.synthesis(ws, full, NoiseMode.RANDOM, new StepRandom(4, 0)), none)).isZero();
            NDArray scale = g.parameters().get("b16.epi1.noise_weight");
            Parameters.assign(scale, m.ones(scale.getShape()));
            assertThat(Tensors.maxAbsDiff(g.synthesis(ws, full, NoiseMode.RANDOM, new StepRandom(4, 0)), none)).isGreaterThan(1e-3);
            assertThat(Tensors.maxAbsDiff(g.synthesis(ws, full, NoiseMode.CONST, null), g.synthesis(ws, full, NoiseMode.CONST, null)))
                    .isZero();
        }
    }

    @Test
    void styleMixingCutsAmongTheLayersOfTheResolutionsInUse() {
        StyleGanConfig t = tiny();
        StyleGanConfig alwaysMix = new StyleGanConfig(t.resolution(), t.imageChannels(), t.batch(), t.zDim(), t.wDim(),
                t.mappingLayers(), t.mappingLrMul(), t.fmapBase(), t.fmapMax(), t.stableKimg(), t.fadeKimg(), t.learningRate(),
                t.beta1(), t.beta2(), t.adamEpsilon(), t.r1Gamma(), 1, t.emaKimg(), t.mbstdGroup(), t.wAvgBeta(), true);
        try (StyleGan model = new StyleGan(alwaysMix, 1)) {
            NDArray z = new StepRandom(1, 0).normal(m, 2, 8);
            float[] w = model.trainedGenerator().mapping.forward(z).toFloatArray();
            // at 8x8 (and while 8x8 fades in) layers 0-3 are in use out of the 16x16 model's 6
            for (Growth at : new Growth[] {new Growth(8, 1), new Growth(8, 0.5)}) {
                java.util.Set<Integer> cutoffs = new java.util.TreeSet<>();
                for (int trial = 0; trial < 20; trial++) {
                    NDArray ws = model.trainingWs(z, new StepRandom(3, trial), at);
                    float[][] layers = new float[6][];
                    for (int l = 0; l < 6; l++) {
                        layers[l] = ws.get(new ai.djl.ndarray.index.NDIndex(":, {}, :", l)).toFloatArray();
                    }
                    int cutoff = 1;
                    while (cutoff < 6 && java.util.Arrays.equals(layers[cutoff], layers[0])) {
                        cutoff++;
                    }
                    assertThat(layers[0]).containsExactly(w);
                    for (int l = cutoff; l < 6; l++) {
                        assertThat(layers[l]).containsExactly(layers[cutoff]);
                    }
                    cutoffs.add(cutoff);
                }
                assertThat(cutoffs).containsExactly(1, 2, 3);
            }
        }
    }

    @Test
    void theGeneratorsParameterGradientsMatchFiniteDifferences() {
        try (StyleGan model = new StyleGan(tiny(), 3)) {
            Generator g = model.trainedGenerator();
            // noise scales, biases and the constant away from their initial zeros and ones
            for (Map.Entry<String, NDArray> e : g.parameters().entrySet()) {
                String k = e.getKey();
                if (k.contains("noise_weight") || k.contains("const") || k.endsWith("epi0.bias")) {
                    NDArray p = e.getValue();
                    Parameters.assign(p, p.add(new StepRandom(k.hashCode(), 0).normal(m, p.getShape().getShape()).mul(0.3)));
                }
            }
            NDArray z = new StepRandom(4, 0).normal(m, 2, 8);
            NDArray probe = new StepRandom(5, 0).normal(m, 2, 1, 16, 16);
            Growth at = new Growth(16, 0.5);
            // the output is only piecewise smooth in parameters before many leaky ReLUs, and biases and
            // noise scales shift every pixel's pre-activation across them, so the checked weights sit
            // near the output: both fade-in paths' toRGB, both styles and the convolution of 16x16
            Tensors.checkGradients(g.parameters(), java.util.List.of("torgb16.weight", "torgb8.weight", "b16.epi0.style.weight",
                    "b16.conv1.weight", "b16.epi1.style.weight"),
                    () -> g.synthesis(model.wSpace().truncated(g.mapping.forward(z), 1, 6), at, NoiseMode.RANDOM,
                            new StepRandom(6, 0)).mul(probe));
        }
    }

    @Test
    void r1IsTheSquaredGradientNormForALinearCritic() {
        NDArray a = m.randomNormal(new Shape(1, 1, 4, 4));
        NDArray x = m.randomNormal(new Shape(3, 1, 4, 4));
        x.setRequiresGradient(true);
        try (GradientCollector unused = Engine.getInstance().newGradientCollector()) {
            NDArray grad = Autograd.differentiate(x, xx -> xx.mul(a).sum(new int[] {1, 2, 3})).gradient();
            assertThat((double) StyleGan.r1(grad).getFloat()).isCloseTo(a.square().sum().getFloat(),
                    org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8, 16})
    void r1WeightMatchesThePenaltyOnTheFullResolutionImageTheOfficialCodeDifferentiates(int res) {
        StyleGanConfig config = tiny();
        try (StyleGan model = new StyleGan(config, 1)) {
            Growth at = new Growth(res, 1);
            var d = model.discriminator();
            NDArray x = reals(5).get(":, :, :" + res + ", :" + res);
            int factor = config.resolution() / res;
            // the official D sees x nearest-upsampled to 16x16 and box-downsamples it back first
            NDArray upsampled = x.duplicate();
            for (int f = factor; f > 1; f /= 2) {
                upsampled = Resample.upsample2x(upsampled);
            }
            NDArray full = upsampled;
            full.setRequiresGradient(true);
            x.setRequiresGradient(true);
            double official, ours;
            try (GradientCollector unused = Engine.getInstance().newGradientCollector()) {
                official = config.r1Gamma() / 2 * StyleGan.r1(Autograd.differentiate(full, xx -> d.forward(Resample.downsampleTo(xx, res), at)).gradient()).getFloat();
                ours = StyleGan.r1Weight(config, at) * StyleGan.r1(Autograd.differentiate(x, xx -> d.forward(xx, at)).gradient()).getFloat();
            }
            assertThat(ours).isCloseTo(official, org.assertj.core.data.Percentage.withPercentage(1e-3));
            assertThat(StyleGan.r1Weight(config, at)).isEqualTo(config.r1Gamma() / 2 / (factor * factor));
        }
    }

    @Test
    void trainingStepsGrowAndRestoringTheStateContinuesExactly() {
        try (StyleGan a = new StyleGan(tiny(), 1); StyleGan b = new StyleGan(tiny(), 2)) {
            for (int i = 0; i < 10; i++) {
                a.schedule(i * 4L);
                Map<String, Double> out = a.step(reals(i), null, new StepRandom(1, i));
                assertThat(out).containsKeys("loss_D", "loss_G", "r1_penalty");
            }
            // 36 images: 4 into the 8x8 fade-in of 32
            assertThat(a.growth().resolution()).isEqualTo(8);
            assertThat(a.growth().alpha()).isCloseTo(0.125, org.assertj.core.data.Offset.offset(1e-9));
            b.loadState(a.stateTensors(), a.stateJson());
            a.schedule(40);
            b.schedule(40);
            assertThat(b.step(reals(10), null, new StepRandom(1, 10))).isEqualTo(a.step(reals(10), null, new StepRandom(1, 10)));
            StyleGenerator ga = a.generator(), gb = b.generator();
            NDArray z = new StepRandom(8, 0).normal(m, 2, 8);
            assertThat(gb.generate(z, null).toFloatArray()).containsExactly(ga.generate(z, null).toFloatArray());
            assertThat(ga.generate(z, null).getShape()).isEqualTo(new Shape(2, 1, 8, 8));
        }
    }
}
