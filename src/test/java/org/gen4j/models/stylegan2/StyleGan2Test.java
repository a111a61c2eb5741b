package org.gen4j.models.stylegan2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.gen4j.ManagedTest;
import org.gen4j.Tensors;
import org.gen4j.nn.Parameters;
import org.gen4j.ops.UpFirDn;
import org.gen4j.train.Ema;
import org.gen4j.train.StepRandom;
import org.gen4j.train.StyleGenerator;
import org.junit.jupiter.api.Test;
import org.gen4j.train.NoiseMode;

class StyleGan2Test extends ManagedTest {

    /** 8x8, 8 feature maps, 8-d z and w, 2 mapping layers, batch 4. */
    static StyleGan2Config tiny(double styleMixing, int r1Interval, int plInterval) {
        return new StyleGan2Config(8, 1, 4, 8, 8, 2, 0.01, 1024, 8, 0.002, 0, 0.99, 1e-8, 1, r1Interval, 2, plInterval,
                2, 0.01, styleMixing, 10, 0, 4, 0.995, 8, 0, false);
    }

    NDArray reals(long seed) {
        return new StepRandom(seed, 0).uniform(m, 4, 1, 8, 8).mul(2).sub(1);
    }

    @Test
    void theSkipGeneratorsImageIsTheSumOfUpsampledToRgbOutputs() {
        try (StyleGan2 model = new StyleGan2(tiny(0, 16, 4), 1)) {
            NDArray ws = model.trainingWs(model.trainedGenerator(), new StepRandom(1, 0).normal(m, 2, 8), new StepRandom(2, 0));
            List<NDArray> parts = new ArrayList<>();
            NDArray img = model.trainedGenerator().synthesis.forward(ws, NoiseMode.CONST, null, false, parts);
            assertThat(parts).hasSize(2);
            assertThat(parts.get(0).getShape()).isEqualTo(new Shape(2, 1, 4, 4));
            // upsampling is linear: the image is each toRGB output upsampled to full size, summed
            NDArray sum = UpFirDn.upsample2x(parts.get(0), UpFirDn.BINOMIAL4).add(parts.get(1));
            assertThat(Tensors.relativeError(img, sum)).isLessThan(1e-6);
            assertThat(img.getShape()).isEqualTo(new Shape(2, 1, 8, 8));
        }
    }

    @Test
    void fusedAndScaledSynthesisAgree() {
        try (StyleGan2 model = new StyleGan2(tiny(0, 16, 4), 1)) {
            NDArray ws = model.trainingWs(model.trainedGenerator(), new StepRandom(1, 0).normal(m, 3, 8), new StepRandom(2, 0));
            Synthesis s = model.trainedGenerator().synthesis;
            assertThat(Tensors.relativeError(s.forward(ws, NoiseMode.CONST, null, true, null),
                    s.forward(ws, NoiseMode.CONST, null, false, null))).isLessThan(1e-5);
        }
    }

    @Test
    void styleMixingTakesLayersBelowTheCutoffFromOneLatentAndTheRestFromAnother() {
        try (StyleGan2 model = new StyleGan2(tiny(1, 16, 4), 1)) {
            NDArray z = new StepRandom(1, 0).normal(m, 2, 8);
            float[] w = model.trainedGenerator().mapping.forward(z).toFloatArray();
            int numWs = model.config().numWs();
            for (int trial = 0; trial < 5; trial++) {
                float[][] layers = layers(model.trainingWs(model.trainedGenerator(), z, new StepRandom(3, trial)), numWs);
                int cutoff = 1;
                while (cutoff < numWs && Arrays.equals(layers[cutoff], layers[0])) {
                    cutoff++;
                }
                assertThat(cutoff).isBetween(1, numWs - 1);
                assertThat(layers[0]).containsExactly(w);
                for (int l = cutoff; l < numWs; l++) {
                    assertThat(layers[l]).containsExactly(layers[cutoff]);
                }
            }
        }
        try (StyleGan2 model = new StyleGan2(tiny(0, 16, 4), 1)) {
            float[][] layers = layers(model.trainingWs(model.trainedGenerator(), new StepRandom(1, 0).normal(m, 2, 8),
                    new StepRandom(3, 0)), model.config().numWs());
            for (float[] l : layers) {
                assertThat(l).containsExactly(layers[0]);
            }
        }
    }

    /** Layer l of ws {@code [N, numWs, wDim]} as {@code [N * wDim]} values. */
    private static float[][] layers(NDArray ws, int numWs) {
        float[][] out = new float[numWs][];
        for (int l = 0; l < numWs; l++) {
            out[l] = ws.get(new NDIndex(":, {}, :", l)).toFloatArray();
        }
        return out;
    }

    @Test
    void truncationAtZeroGivesTheAverageImageAndAtOneChangesNothing() {
        try (StyleGan2 model = new StyleGan2(tiny(0.9, 16, 4), 1)) {
            for (int i = 0; i < 3; i++) {
                model.step(reals(i), null, new StepRandom(5, i));
            }
            assertThat(model.wAvg().abs().sum().getFloat()).isGreaterThan(0);
            StyleGenerator g = model.generator();
            NDArray z = new StepRandom(9, 0).normal(m, 3, 8);
            NDArray avg = g.synthesis(g.mapping(z, null, 0, g.numWs()));
            NDArray first = avg.get("0:1");
            for (int i = 1; i < 3; i++) {
                assertThat(Tensors.maxAbsDiff(avg.get(i + ":" + (i + 1)), first)).isLessThan(1e-6);
            }
            NDArray wAvgImage = g.synthesis(model.wAvg().reshape(1, 1, 8).repeat(1, g.numWs()));
            assertThat(Tensors.maxAbsDiff(first, wAvgImage)).isLessThan(1e-5);
            assertThat(Tensors.maxAbsDiff(g.synthesis(g.mapping(z, null, 1, g.numWs())), g.generate(z, null))).isEqualTo(0);
            // a cutoff truncates only the layers below it
            NDArray full = g.mapping(z, null, 1, g.numWs()), cut = g.mapping(z, null, 0, 2);
            assertThat(cut.get(":, 2:, :").toFloatArray()).containsExactly(full.get(":, 2:, :").toFloatArray());
            assertThat(cut.get(":, 0, :").toFloatArray()).containsExactly(model.wAvg().reshape(1, 8).repeat(0, 3).toFloatArray());
            assertThatThrownBy(() -> g.mapping(z, null, 0.5, g.numWs() + 1)).hasMessageContaining("out of range");
        }
    }

    @Test
    void theR1PenaltysParameterGradientsMatchFiniteDifferences() {
        try (StyleGan2 model = new StyleGan2(tiny(0, 16, 4), 3)) {
            NDArray x = reals(1);
            // the penalty is only piecewise smooth in weights before many leaky ReLUs (their masks
            // flip under a perturbation), so the checked weights sit near the output
            Tensors.checkGradients(model.discriminator().parameters(),
                    List.of("b4conv.weight", "b4fc.weight", "b4out.weight", "b8.skip.weight"), () -> model.r1Penalty(x));
        }
    }

    @Test
    void thePathLengthsParameterGradientsMatchFiniteDifferences() {
        try (StyleGan2 model = new StyleGan2(tiny(0.9, 16, 4), 3)) {
            NDArray z = new StepRandom(4, 0).normal(m, 3, 8);
            Tensors.checkGradients(model.trainedGenerator().parameters(), List.of("synthesis.b8.conv0.weight",
                    "synthesis.b4.conv1.affine.weight", "mapping.fc1.weight", "synthesis.const"),
                    () -> model.pathLengths(z, new StepRandom(6, 0)));
        }
    }

    @Test
    void lazyRegularisationRunsAtItsIntervalsWithTheOptimiserCorrection() {
        try (StyleGan2 model = new StyleGan2(tiny(0.9, 8, 4), 1)) {
            List<Integer> r1 = new ArrayList<>(), pl = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Map<String, Double> out = model.step(reals(i), null, new StepRandom(1, i));
                assertThat(out).containsKeys("loss_G", "loss_D");
                if (out.containsKey("r1_penalty")) {
                    r1.add(i);
                }
                if (out.containsKey("pl_penalty")) {
                    pl.add(i);
                }
            }
            assertThat(r1).containsExactly(0, 8);
            assertThat(pl).containsExactly(0, 4, 8);
        }
        assertThat(StyleGan2.lazyRatio(16)).isEqualTo(16 / 17.0);
        assertThat(StyleGan2.lazyRatio(4)).isEqualTo(0.8);
        assertThat(StyleGan2.lazyRatio(0)).isEqualTo(1);
    }

    @Test
    void theMovingAverageHasTheConfiguredHalfLife() {
        // after half-life worth of images, the old weights count one half
        double beta = Ema.halfLifeBeta(32, 10, 0, 1_000_000);
        assertThat(Math.pow(beta, 10_000 / 32.0)).isCloseTo(0.5, Offset.offset(1e-9));
        // ramp-up: early on the half-life is rampup * images seen
        assertThat(Ema.halfLifeBeta(32, 10, 0.05, 20_000)).isEqualTo(Math.pow(0.5, 32 / 1000.0));
        assertThat(Ema.halfLifeBeta(32, 10, 0.05, 0)).isEqualTo(0);
    }

    @Test
    void restoringTheStateContinuesExactly() {
        try (StyleGan2 a = new StyleGan2(tiny(0.9, 2, 2), 1); StyleGan2 b = new StyleGan2(tiny(0.9, 2, 2), 2)) {
            for (int i = 0; i < 3; i++) {
                a.schedule(i * 4L);
                a.step(reals(i), null, new StepRandom(1, i));
            }
            b.loadState(a.stateTensors(), a.stateJson());
            a.schedule(12);
            b.schedule(12);
            Map<String, Double> fromA = a.step(reals(3), null, new StepRandom(1, 3));
            Map<String, Double> fromB = b.step(reals(3), null, new StepRandom(1, 3));
            assertThat(fromB).isEqualTo(fromA);
            NDArray z = new StepRandom(8, 0).normal(m, 2, 8);
            assertThat(b.generator().generate(z, null).toFloatArray()).containsExactly(a.generator().generate(z, null).toFloatArray());
        }
    }
}
