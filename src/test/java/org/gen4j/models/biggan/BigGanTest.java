package org.gen4j.models.biggan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.gen4j.ManagedTest;
import org.gen4j.Tensors;
import org.gen4j.models.sagan.Conditioning;
import org.gen4j.nn.Bias;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.Embedding;
import org.gen4j.nn.Init;
import org.gen4j.nn.Parameters;
import org.gen4j.nn.WeightInit;
import org.gen4j.ops.Penalties;
import org.gen4j.train.ConditionalGenerator;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.LatentTruncation;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

class BigGanTest extends ManagedTest {

    /** 32x32, width 2 (8 channels), hierarchical 16-d z in 4 chunks, 8-d shared embedding, 2 classes, batch 8. */
    static BigGanConfig tiny(double orthoBeta, int emaStart, int standingStats) {
        return new BigGanConfig(32, 1, 8, 2, true, 16, 8, true, 2, 0, WeightInit.ORTHOGONAL, 2e-4, 2e-4, 0, 0.999, 1e-8, 2, orthoBeta, 0.5,
                emaStart, standingStats);
    }

    static Map<String, Double> train(BigGan<BigGanConfig> model, NDManager m, int steps) {
        Map<String, Double> last = null;
        for (int step = 0; step < steps; step++) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray reals = new StepRandom(3, step).uniform(m, 8, 1, 32, 32).mul(2).sub(1);
                last = model.step(reals, m.create(new long[] {0, 1, 0, 1, 0, 1, 0, 1}), new StepRandom(4, step));
            }
        }
        return last;
    }

    @Test
    void hierarchicalLatentsFeedChunkZeroToTheDenseLayerAndTheEmbeddingWithChunkIToBlockI() {
        HierarchicalLatents h = new HierarchicalLatents(m, new SplittableRandom(1), 12, 3, 5, true, 3, Init.normal(1));
        assertThat(h.denseInput()).isEqualTo(3);
        assertThat(h.conditionDim()).isEqualTo(8);
        NDArray z = new StepRandom(1, 0).normal(m, 2, 12);
        NDArray y = Embedding.oneHot(m.create(new long[] {2, 0}), 3);
        Conditioning.Split s = h.split(z, y, 3);
        assertThat(s.dense().toFloatArray()).containsExactly(z.get(":, 0:3").toFloatArray());
        NDArray e = y.matMul(h.shared().weight());
        for (int i = 0; i < 3; i++) {
            NDArray expected = e.concat(z.get(":, " + (3 * (i + 1)) + ":" + (3 * (i + 2))), 1);
            assertThat(s.blocks()[i].toFloatArray()).containsExactly(expected.toFloatArray());
        }
        HierarchicalLatents flat = new HierarchicalLatents(m, new SplittableRandom(1), 12, 3, 5, false, 3, Init.normal(1));
        Conditioning.Split f = flat.split(z, y, 3);
        assertThat(f.dense().toFloatArray()).containsExactly(z.toFloatArray());
        assertThat(f.blocks()[2].getShape()).isEqualTo(new Shape(2, 5));
    }

    @Test
    void bigGanDeepConcatenatesTheEmbeddingWithTheWholeLatent() {
        ConcatenatedLatents c = new ConcatenatedLatents(m, new SplittableRandom(2), 4, 2, 3, Init.normal(1));
        NDArray z = new StepRandom(2, 0).normal(m, 1, 4);
        NDArray y = Embedding.oneHot(m.create(new long[] {1}), 2);
        Conditioning.Split s = c.split(z, y, 2);
        NDArray expected = y.matMul(c.shared().weight()).concat(z, 1);
        assertThat(s.dense().toFloatArray()).containsExactly(expected.toFloatArray());
        assertThat(s.blocks()[1].toFloatArray()).containsExactly(expected.toFloatArray());
    }

    @Test
    void orthogonalRegularisationSumsOverGsWeightsButTheSharedEmbedding() {
        try (BigGan<BigGanConfig> model = BigGan.create(tiny(1e-4, 0, 0), 1)) {
            Map<String, Double> log = new LinkedHashMap<>();
            double penalty = model.generatorPenalty(log).getFloat();
            double expected = 0;
            int counted = 0;
            for (Map.Entry<String, NDArray> e : model.stateTensors().entrySet()) {
                String k = e.getKey();
                if (k.startsWith("G.") && !k.startsWith("G.cond.shared") && e.getValue().getShape().dimension() >= 2
                        && model.stateTensors().containsKey(k) && !k.contains(".sn.")) {
                    expected += Penalties.orthogonal(e.getValue()).getFloat();
                    counted++;
                }
            }
            assertThat(counted).isGreaterThan(10);
            assertThat(penalty).isCloseTo(1e-4 * expected, org.assertj.core.data.Offset.offset(1e-6 * expected));
            assertThat(log.get("ortho")).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-3 * expected));
        }
    }

    @Test
    void theAverageCopiesGUntilEmaStartThenLags() {
        try (BigGan<BigGanConfig> model = BigGan.create(tiny(0, 2, 0), 1)) {
            train(model, m, 2); // one G step (2 D steps per G step)
            Map<String, NDArray> s = model.stateTensors();
            assertThat(s.get("G_ema.linear.weight").toFloatArray()).containsExactly(s.get("G.linear.weight").toFloatArray());
            train(model, m, 4); // G steps 2 and 3: decay 0.5 from step 2 on
            s = model.stateTensors();
            assertThat(Tensors.maxAbsDiff(s.get("G_ema.linear.weight"), s.get("G.linear.weight"))).isGreaterThan(1e-6);
        }
    }

    @Test
    void truncatedSamplingResamplesTheLatentsAndSamplingChangesNoState() {
        try (BigGan<BigGanConfig> model = BigGan.create(tiny(0, 0, 3), 1)) {
            train(model, m, 2);
            Map<String, float[]> before = new LinkedHashMap<>();
            model.stateTensors().forEach((k, v) -> before.put(k, v.toFloatArray()));
            ConditionalGenerator g = model.generator();
            assertThat(g).isInstanceOf(LatentTruncation.class);
            ImageGenerator t = ((LatentTruncation) g).truncated(0.5);
            assertThat(t.latent(7)).containsExactly(LatentTruncation.truncatedLatent(7, 16, 0.5));
            assertThat(g.latent(7)).isNotEqualTo(t.latent(7));
            NDArray z = m.create(t.latent(7), new Shape(1, 16));
            NDArray a = t.generate(z, m.create(new long[] {1}));
            NDArray b = model.generator().generate(z, m.create(new long[] {1})); // standing statistics recomputed alike
            assertThat(Tensors.maxAbsDiff(a, b)).isLessThan(1e-5);
            model.stateTensors().forEach((k, v) -> assertThat(v.toFloatArray()).as(k).containsExactly(before.get(k)));
            assertThatThrownBy(() -> ((LatentTruncation) g).truncated(0)).hasMessageContaining("must be positive");
        }
    }

    /**
     * In training mode the residual branch starts with batch norm, which a per-channel constant
     * added to the input does not change; the skip carries the constant of the first {@code out}
     * channels, upsampled, and nothing of the others.
     */
    @Test
    void theDeepGeneratorBlockKeepsTheFirstOutputChannelsOfItsInputAsSkip() {
        DeepGBlock block = new DeepGBlock(m, new SplittableRandom(3), 16, 8, true, 4, 5, Init.normal(0.1));
        freezeSpectralNorms(block);
        NDArray x = new StepRandom(5, 0).normal(m, 2, 16, 4, 4);
        NDArray c = new StepRandom(6, 0).normal(m, 1, 16, 1, 1);
        NDArray cond = new StepRandom(7, 0).normal(m, 2, 5);
        NDArray diff = block.forward(x.add(c), cond).sub(block.forward(x, cond));
        assertThat(diff.getShape()).isEqualTo(new Shape(2, 8, 8, 8));
        NDArray expected = c.get(":, :8").broadcast(new Shape(2, 8, 8, 8));
        assertThat(Tensors.maxAbsDiff(diff, expected)).isLessThan(1e-4);
    }

    /**
     * For inputs with no positive value the residual branch sees zeros after its first ReLU, so two
     * such inputs differ at the output only by their skips: the pooled difference, and its 1x1
     * projection as the new channels.
     */
    @Test
    void theDeepDiscriminatorBlockConcatenatesItsPooledInputWithAProjectionToTheNewChannels() {
        DeepDBlock block = new DeepDBlock(m, new SplittableRandom(4), 4, 12, true, 4, Init.normal(0.1));
        freezeSpectralNorms(block);
        NDArray x1 = new StepRandom(7, 0).uniform(m, 2, 4, 8, 8).neg();
        NDArray x2 = new StepRandom(8, 0).uniform(m, 2, 4, 8, 8).neg();
        NDArray diff = block.forward(x1).sub(block.forward(x2));
        NDArray pooled = org.gen4j.ops.Resample.downsample2x(x1.sub(x2));
        assertThat(Tensors.maxAbsDiff(diff.get(":, :4"), pooled)).isLessThan(1e-5);
        Conv2d sc = (Conv2d) block.modules().get("conv_sc");
        NDArray projected = sc.forward(org.gen4j.ops.Resample.downsample2x(x1)).sub(sc.forward(org.gen4j.ops.Resample.downsample2x(x2)));
        assertThat(Tensors.maxAbsDiff(diff.get(":, 4:"), projected)).isLessThan(1e-5);
    }

    /** Spectral norm in evaluation mode, so that two forward passes use the same normalised weights. */
    static void freezeSpectralNorms(org.gen4j.nn.Module net) {
        net.modules().values().stream().filter(x -> x instanceof org.gen4j.nn.SpectralNorm).forEach(x -> x.setTraining(false));
    }

    @Test
    void hierarchicalLatentsNeedAZDimThatSplitsEvenly() {
        assertThatThrownBy(() -> new BigGanConfig(32, 1, 8, 2, true, 18, 8, true, 2, 0, WeightInit.ORTHOGONAL, 2e-4, 2e-4, 0, 0.999, 1e-8,
                2, 0, 0.5, 0, 0)).hasMessageContaining("zDim 18 must divide into 4 equal chunks")
                .hasMessageEndingWith("set a multiple of 4, e.g. --set zDim=20.");
    }

    @Test
    void bothBigGansTrainAndSampleEveryClass() {
        BigGanDeepConfig deep = new BigGanDeepConfig(32, 1, 8, 2, true, 16, 8, 4, 2, 4, 16, WeightInit.ORTHOGONAL, 2e-4, 2e-4, 0, 0.999,
                1e-8, 1, 1e-4, 0.5, 0, 0);
        try (var model = new BigGanDeepSpec().create(deep, 1)) {
            for (int step = 0; step < 2; step++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    Map<String, Double> out = model.step(new StepRandom(3, step).uniform(m, 8, 1, 32, 32), m.create(new long[8]),
                            new StepRandom(4, step));
                    assertThat(out).containsKeys("loss_D", "loss_G", "ortho");
                }
            }
            NDArray img = model.generator().generate(m.zeros(new Shape(2, 16)), m.create(new long[] {0, 1}));
            assertThat(img.getShape()).isEqualTo(new Shape(2, 1, 32, 32));
            assertThat(model.stateTensors()).containsKeys("G.attention.gamma", "D.attention.gamma", "D.block0.conv.weight");
        }
    }
}
