package org.gen4j.models.styleganxl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gen4j.Gen4jException;
import org.gen4j.ManagedTest;
import org.gen4j.metrics.ClassifierFeatures;
import org.gen4j.nn.Embedding;
import org.gen4j.ops.Autograd;
import org.gen4j.train.StepRandom;
import org.gen4j.train.StyleGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StyleGanXlTest extends ManagedTest {

    /** 16x16 grayscale, 4 synthesis layers of at most 8 channels, 8-d z and w, batch 4, 3 classes, D of 4 channels. */
    static StyleGanXlConfig tiny(int numClasses, double guidance) {
        return tiny(numClasses, guidance, 0, 1000);
    }

    static StyleGanXlConfig tiny(int numClasses, double guidance, double plWeight, double plStartKimg) {
        return new StyleGanXlConfig(16, 1, 4, 8, 8, 2, 0.01, 0.9, 64, 8, 4, 2, 2, 0.25, 256, 0.0025, 0.002, 0, 0.99, 1e-8, 0.5, 0.05, 2,
                300, "", 2, 4, 4, guidance, "", "", 3, plWeight, plStartKimg, numClasses, numClasses > 0);
    }

    NDArray reals(int i) {
        return new StepRandom(5, i).uniform(m, 4, 1, 16, 16).mul(2).sub(1);
    }

    NDArray labels() {
        return m.create(new long[] {0, 2, 2, 0});
    }

    static Map<String, float[]> snapshot(Map<String, NDArray> tensors) {
        Map<String, float[]> s = new LinkedHashMap<>();
        tensors.forEach((k, v) -> s.put(k, v.toFloatArray()));
        return s;
    }

    @Test
    void theFeatureNetworkAndTheFixedMixingNeverChangeWhileDsScaleDiscriminatorsTrain() {
        try (StyleGanXl model = new StyleGanXl(tiny(3, 0), 1); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Map<String, float[]> net = snapshot(model.projection().weights());
            Map<String, float[]> mixing = snapshot(model.discriminator().mixing().fixedWeights());
            Map<String, float[]> dParams = snapshot(model.discriminator().parameters());
            for (int i = 0; i < 2; i++) {
                Map<String, Double> out = model.step(reals(i), labels(), new StepRandom(1, i));
                assertThat(out).containsKeys("loss_G", "loss_D");
            }
            // frozen: no gradient is ever recorded for the feature network's weights
            model.projection().weights().values().forEach(w -> assertThat(JniUtils.requiresGrad((PtNDArray) w)).isFalse());
            assertThat(snapshot(model.projection().weights())).containsExactlyEntriesOf(net);
            assertThat(snapshot(model.discriminator().mixing().fixedWeights())).containsExactlyEntriesOf(mixing);
            // the mixing weights are buffers, not parameters, so no optimiser holds them
            assertThat(model.discriminator().parameters().keySet()).noneMatch(k -> k.startsWith("mix."));
            // while every per-scale discriminator learned
            Map<String, float[]> after = snapshot(model.discriminator().parameters());
            for (int s = 0; s < 4; s++) {
                String prefix = "disc" + s + ".out.weight";
                assertThat(after.get(prefix)).isNotEqualTo(dParams.get(prefix));
            }
        }
    }

    @Test
    void eachDepthHasItsOwnPatchLogitsAndTheClassProjectionChangesThem() {
        try (StyleGanXl model = new StyleGanXl(tiny(3, 0), 1); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            assertThat(model.projection().sizes()).containsExactly(16, 8, 4, 1);
            assertThat(model.discriminator().mixing().outChannels()).containsExactly(2, 2, 4, 8);
            NDArray x = reals(0);
            NDArray c0 = Embedding.oneHot(m.zeros(new Shape(4), DataType.INT64), 3);
            NDArray c1 = Embedding.oneHot(m.ones(new Shape(4), DataType.INT64), 3);
            List<NDArray> features = model.projection().features(x);
            List<NDArray> l0 = model.discriminator().forward(features, c0);
            // 16 -> one downsampling block to 8 -> 4x4 conv: 5x5 patches; 8 -> 5x5; 4 -> 1x1; 1 -> 1x1
            assertThat(l0.stream().map(NDArray::getShape).toList()).containsExactly(new Shape(4, 1, 5, 5), new Shape(4, 1, 5, 5),
                    new Shape(4, 1, 1, 1), new Shape(4, 1, 1, 1));
            List<NDArray> l1 = model.discriminator().forward(features, c1);
            for (int i = 0; i < 4; i++) {
                assertThat(l0.get(i).sub(l1.get(i)).abs().max().getFloat()).isGreaterThan(0f);
            }
            assertThat(StyleGanXl.flat(l0).getShape()).isEqualTo(new Shape(4, 25 + 25 + 1 + 1));
        }
    }

    @Test
    void anUnconditionalModelHasOneLogitChannelAndOneAverageW() {
        try (StyleGanXl model = new StyleGanXl(tiny(0, 0), 1); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            model.step(reals(0), null, new StepRandom(1, 0));
            assertThat(model.averageW().getShape()).isEqualTo(new Shape(1, 8));
            List<NDArray> l = model.discriminator().forward(model.projection().features(reals(1)), null);
            assertThat(l.get(0).getShape()).isEqualTo(new Shape(4, 1, 5, 5));
        }
    }

    @Test
    void eachClassHasItsAverageWAndTruncationPullsTowardsTheImagesClassCentre() {
        try (StyleGanXl model = new StyleGanXl(tiny(3, 0), 1); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            model.step(reals(0), labels(), new StepRandom(1, 0));
            float[] avg = model.averageW().toFloatArray();
            // classes 0 and 2 were in the minibatch, class 1 was not: its centre is still zero
            assertThat(norm(avg, 0)).isGreaterThan(0);
            assertThat(norm(avg, 1)).isZero();
            assertThat(norm(avg, 2)).isGreaterThan(0);
            StyleGenerator g = model.generator();
            NDArray z = new StepRandom(3, 0).normal(m, 2, 8);
            NDArray classes = m.create(new long[] {2, 0});
            NDArray ws = g.mapping(z, classes, 0, g.numWs());
            assertThat(ws.get("0, 0").toFloatArray()).containsExactly(java.util.Arrays.copyOfRange(avg, 16, 24));
            assertThat(ws.get("1, 3").toFloatArray()).containsExactly(java.util.Arrays.copyOfRange(avg, 0, 8));
            NDArray full = g.mapping(z, classes, 1, g.numWs());
            NDArray half = g.mapping(z, classes, 0.5, g.numWs());
            NDArray expected = full.add(ws).div(2);
            assertThat(half.sub(expected).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }

    private static double norm(float[] avg, int row) {
        double s = 0;
        for (int j = 0; j < 8; j++) {
            s += avg[row * 8 + j] * avg[row * 8 + j];
        }
        return s;
    }

    @Test
    void classifierGuidanceLowersTheGuidedClassesCrossEntropyAlongItsNegativeGradient() {
        ProjectionNetwork classifier = ProjectionNetwork.of(ClassifierFeatures.random(1, 3, 7), true);
        try (StyleGanXl model = new StyleGanXl(tiny(3, 1), 1, ProjectionNetwork.of(ClassifierFeatures.random(1, 10, 8), false), classifier);
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray labels = labels();
            NDArray x = reals(0);
            x.setRequiresGradient(true);
            NDArray grad;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                grad = Autograd.gradient(model.guidanceLoss(x, labels), x).stopGradient();
            }
            double before = model.guidanceLoss(x.stopGradient(), labels).getFloat();
            double down = model.guidanceLoss(x.stopGradient().sub(grad.mul(0.5f)), labels).getFloat();
            double up = model.guidanceLoss(x.stopGradient().add(grad.mul(0.5f)), labels).getFloat();
            assertThat(down).isLessThan(before);
            assertThat(up).isGreaterThan(before);
            // and the term is in G's step
            Map<String, Double> out = model.step(reals(1), labels, new StepRandom(1, 0));
            assertThat(out).containsKey("guidance");
        }
    }

    @Test
    void theBuiltInFidNetworkAndMissingOrWrongFilesAreRefusedAsProjectionNetworks(@TempDir Path dir) throws Exception {
        Path builtIn = dir.resolve("fid.safetensors");
        try (InputStream in = ClassifierFeatures.class.getResourceAsStream(ClassifierFeatures.BUILT_IN)) {
            Files.copy(in, builtIn, StandardCopyOption.REPLACE_EXISTING);
        }
        assertThatThrownBy(() -> ProjectionNetwork.open(builtIn.toString(), "projectionNet", 1, 16, 0)).isInstanceOf(Gen4jException.class)
                .hasMessageContaining("built-in FID network");
        assertThatThrownBy(() -> ProjectionNetwork.open(dir.resolve("none").toString(), "projectionNet", 1, 16, 0))
                .isInstanceOf(Gen4jException.class).hasMessageContaining("does not exist");
        Path text = Files.writeString(dir.resolve("x.safetensors"), "not a network");
        assertThatThrownBy(() -> ProjectionNetwork.open(text.toString(), "projectionNet", 1, 16, 0)).isInstanceOf(Gen4jException.class)
                .hasMessageContaining("is not a gen4j feature network");
        Path rgb = dir.resolve("rgb.safetensors");
        try (ClassifierFeatures net = ClassifierFeatures.random(3, 3, 1)) {
            net.save(rgb, Map.of());
        }
        assertThatThrownBy(() -> ProjectionNetwork.open(rgb.toString(), "projectionNet", 1, 16, 0)).isInstanceOf(Gen4jException.class)
                .hasMessageContaining("takes 3-channel images but the data has 1");
    }

    @Test
    void aFeatnetFileIsTheProjectionNetworkAndEvalCanRecogniseIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("proj.safetensors");
        try (ClassifierFeatures net = ClassifierFeatures.random(1, 3, 4)) {
            net.save(file, Map.of());
        }
        StyleGanXlConfig t = tiny(3, 0);
        StyleGanXlConfig c = new StyleGanXlConfig(16, 1, 4, t.zDim(), t.wDim(), t.mappingLayers(), t.mappingLrMul(), t.wAvgBeta(),
                t.channelBase(), t.channelMax(), t.numLayers(), t.numCritical(), t.marginSize(), t.outputScale(), t.convClamp(),
                t.gLearningRate(), t.dLearningRate(), t.beta1(), t.beta2(), t.adamEpsilon(), t.emaKimg(), t.emaRampup(), t.blurSigma(),
                t.blurFadeKimg(), file.toString(), t.mixChannels(), t.dChannels(), t.cmapDim(), 1, "", "", 3, 0, 1000, 3, true);
        try (StyleGanXl model = new StyleGanXl(c, 1); org.gen4j.metrics.FeatureNetwork eval = org.gen4j.metrics.FeatureNetworks.open(file, org.gen4j.metrics.FeatureNetworks.FLAG);
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            assertThat(model.projection().trained()).isTrue();
            assertThat(model.featureNetworkIds()).containsExactly(eval.id());
            float[] directions = model.projection().classDirections().toFloatArray();
            assertThat(model.trainedGenerator().parameters().get("mapping.embed.weight").toFloatArray()).containsExactly(directions);
            assertThat(model.discriminator().parameters().get("disc0.embed.weight").toFloatArray()).containsExactly(directions);
            // a stem is not guided even with guidanceWeight 1 (the official train.py guides super-resolution stages only)
            assertThat(model.step(reals(0), labels(), new StepRandom(1, 0))).doesNotContainKey("guidance");
        }
    }

    @Test
    void aCheckpointRestoresTheNetworksTheirOptimisersAndEveryClassesAverageW() {
        try (StyleGanXl a = new StyleGanXl(tiny(3, 0), 1); StyleGanXl b = new StyleGanXl(tiny(3, 0), 1); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            // same run seed (hence the same random frozen projection network, which is not checkpointed), then a's state
            a.step(reals(0), labels(), new StepRandom(1, 0));
            b.loadState(a.stateTensors(), a.stateJson());
            assertThat(b.averageW().toFloatArray()).containsExactly(a.averageW().toFloatArray());
            Map<String, Double> la = a.step(reals(1), labels(), new StepRandom(1, 1));
            Map<String, Double> lb = b.step(reals(1), labels(), new StepRandom(1, 1));
            assertThat(lb).isEqualTo(la);
            NDArray z = new StepRandom(4, 0).normal(m, 2, 8);
            NDArray cls = m.create(new long[] {1, 2});
            assertThat(b.generator().generate(z, cls).toFloatArray()).containsExactly(a.generator().generate(z, cls).toFloatArray());
        }
    }

    @Test
    void aTorchScriptModuleReturningFeatureMapsIsAProjectionNetworkThroughWhichGradientsReachTheImages(@TempDir Path dir) throws Exception {
        String source = "class Pyramid(Module):\n"
                + "  __parameters__ = []\n"
                + "  __buffers__ = []\n"
                + "  training : bool\n"
                + "  def forward(self: __torch__.Pyramid, x: Tensor) -> List[Tensor]:\n"
                + "    a = torch.avg_pool2d(x, [2, 2])\n"
                + "    b = torch.avg_pool2d(a, [2, 2])\n"
                + "    return [torch.cat([a, torch.square(a)], 1), torch.tanh(b)]\n";
        Path file = Files.write(dir.resolve("pyramid.pt"), org.gen4j.ops.TorchScriptFiles.archive("Pyramid", source));
        StyleGanXlConfig t = tiny(3, 0);
        StyleGanXlConfig c = new StyleGanXlConfig(16, 1, 4, t.zDim(), t.wDim(), t.mappingLayers(), t.mappingLrMul(), t.wAvgBeta(),
                t.channelBase(), t.channelMax(), t.numLayers(), t.numCritical(), t.marginSize(), t.outputScale(), t.convClamp(),
                t.gLearningRate(), t.dLearningRate(), t.beta1(), t.beta2(), t.adamEpsilon(), t.emaKimg(), t.emaRampup(), t.blurSigma(),
                t.blurFadeKimg(), file.toString(), t.mixChannels(), t.dChannels(), t.cmapDim(), 0, "", "", 3, 0, 1000, 3, true);
        try (StyleGanXl model = new StyleGanXl(c, 1); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            assertThat(model.projection().channels()).containsExactly(2, 1);
            assertThat(model.projection().sizes()).containsExactly(8, 4);
            assertThat(model.featureNetworkIds()).singleElement().asString().startsWith("torchscript-");
            NDArray x = reals(0);
            x.setRequiresGradient(true);
            NDArray grad;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                grad = Autograd.gradient(StyleGanXl.flat(model.logits(x, Embedding.oneHot(labels(), 3), new StepRandom(0, 0))), x);
            }
            assertThat(grad.abs().sum().getFloat()).isGreaterThan(0f);
            assertThat(model.step(reals(1), labels(), new StepRandom(1, 0))).containsKeys("loss_G", "loss_D");
        }
        // a module whose forward takes other arguments is refused in one sentence naming the file
        String other = source.replace("x: Tensor) -> List[Tensor]", "x: Tensor, y: Tensor) -> List[Tensor]");
        Path wrong = Files.write(dir.resolve("wrong.pt"), org.gen4j.ops.TorchScriptFiles.archive("Pyramid", other));
        assertThatThrownBy(() -> ProjectionNetwork.open(wrong.toString(), "projectionNet", 1, 16, 0)).isInstanceOf(Gen4jException.class)
                .hasMessageContaining("projectionNet " + wrong + " does not take 1-channel 16x16 images");
    }

    @Test
    void pathLengthRegularisationStartsAtItsKimgRunsEveryFourthMinibatchAndLeavesConvolutionWeightsAlone() {
        try (StyleGanXl model = new StyleGanXl(tiny(3, 0, 2, 0.004), 1); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            assertThat(model.plParameters()).contains("synthesis.L0_20_8.affine.weight", "mapping.fc0.weight")
                    .doesNotContain("synthesis.L0_20_8.weight");
            model.schedule(0);
            assertThat(model.step(reals(0), labels(), new StepRandom(1, 0))).doesNotContainKey("pl_penalty"); // before 4 images
            model.schedule(4);
            assertThat(model.step(reals(1), labels(), new StepRandom(1, 1))).doesNotContainKey("pl_penalty"); // iteration 1
            model.schedule(8);
            model.step(reals(2), labels(), new StepRandom(1, 2));
            model.step(reals(3), labels(), new StepRandom(1, 3));
            model.schedule(16);
            assertThat(model.step(reals(4), labels(), new StepRandom(1, 4))).containsKey("pl_penalty"); // iteration 4
            assertThat(model.stateJson().get("pl_mean").getAsDouble()).isGreaterThan(0);
            assertThat(model.stateJson().get("iteration").getAsLong()).isEqualTo(5);
        }
    }
}
