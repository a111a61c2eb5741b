package org.gen4j.models.styleganxl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDScope;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gen4j.Gen4jException;
import org.gen4j.ManagedTest;
import org.gen4j.models.Models;
import org.gen4j.models.stylegan3.LayerSchedule;
import org.gen4j.ops.Precision;
import org.gen4j.train.Checkpoints;
import org.gen4j.train.RunConfig;
import org.gen4j.train.RunDirectory;
import org.gen4j.train.StepRandom;
import org.gen4j.train.TrainOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrowthTest extends ManagedTest {

    static StyleGanXlConfig at(int resolution, String stem) {
        return at(resolution, stem, 0);
    }

    static StyleGanXlConfig at(int resolution, String stem, double guidance) {
        return at(resolution, stem, guidance, "");
    }

    static StyleGanXlConfig at(int resolution, String stem, double guidance, String projectionNet) {
        StyleGanXlConfig t = StyleGanXlTest.tiny(3, 0);
        return new StyleGanXlConfig(resolution, 1, 4, t.zDim(), t.wDim(), t.mappingLayers(), t.mappingLrMul(), t.wAvgBeta(), t.channelBase(),
                t.channelMax(), t.numLayers(), t.numCritical(), t.marginSize(), t.outputScale(), t.convClamp(), t.gLearningRate(),
                t.dLearningRate(), t.beta1(), t.beta2(), t.adamEpsilon(), t.emaKimg(), t.emaRampup(), t.blurSigma(), t.blurFadeKimg(),
                projectionNet, t.mixChannels(), t.dChannels(), t.cmapDim(), guidance, "", stem, 3, 0, 1000, 3, true);
    }

    /** A 16x16 stem run with one training step and a checkpoint, as {@code gen4j train} leaves it. */
    Path stemRun(Path dir) throws Exception {
        StyleGanXlConfig c = at(16, "");
        RunConfig run = new RunConfig("stylegan-xl", "test", "toy", List.of("a", "b", "c"), 1,
                new TrainOptions(1, 1, 1, 1, 3, 4, "", 10, 5000, "", Precision.FLOAT32), c);
        try (RunDirectory.Locked locked = RunDirectory.create(dir, run, false, name -> Models.get(name).configType());
                StyleGanXl model = new StyleGanXl(c, 1); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            model.step(new StepRandom(2, 0).uniform(m, 4, 1, 16, 16), m.create(new long[] {0, 1, 2, 0}), new StepRandom(1, 0));
            Checkpoints.write(locked.run().checkpoints(), model, run, 1, 4);
        }
        return dir;
    }

    @Test
    void aStageKeepsTheStemsNonCriticalLayersAndAppendsHeadLayersUpToTheNewResolution() {
        LayerSchedule stem = at(16, "").stemSchedule(16);
        LayerSchedule grown = Growth.grow(stem, at(32, "x"));
        int kept = Growth.keptLayers(stem);
        assertThat(kept).isEqualTo(stem.layers().size() - 3); // 2 critically sampled layers and ToRGB cut off
        assertThat(grown.layers().subList(0, kept)).isEqualTo(stem.layers().subList(0, kept));
        assertThat(grown.layers()).hasSize(kept + 3 + 1);
        LayerSchedule.Layer first = grown.layers().get(kept), last = grown.layers().get(grown.layers().size() - 1);
        // the head starts where the last kept layer ends
        assertThat(first.inChannels()).isEqualTo(stem.layers().get(kept - 1).outChannels());
        assertThat(first.inSize()).isEqualTo(stem.layers().get(kept - 1).outSize());
        assertThat(first.inCutoff()).isEqualTo(stem.layers().get(kept - 1).outCutoff());
        assertThat(last.toRgb()).isTrue();
        assertThat(last.outSize()).isEqualTo(32);
        assertThat(last.outCutoff()).isEqualTo(16);
        assertThat(grown.layers().get(grown.layers().size() - 2).critical()).isTrue();
        assertThat(grown.layers().get(grown.layers().size() - 4).critical()).isFalse();
    }

    @Test
    void aGrownStageStartsFromTheStemAndTrainsOnlyItsHeadLayers(@TempDir Path dir) throws Exception {
        Path stem = stemRun(dir.resolve("stem"));
        try (StyleGanXl stage = new StyleGanXl(at(32, stem.toString()), 2); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Map<String, float[]> before = StyleGanXlTest.snapshot(stage.trainedGenerator().parameters());
            assertThat(stage.trainedParameters()).isNotEmpty().allMatch(k -> k.startsWith("synthesis.L"));
            assertThat(stage.trainedParameters()).noneMatch(k -> k.startsWith("synthesis.L0_"));
            assertThat(stage.averageW().abs().sum().getFloat()).isGreaterThan(0f); // the stem's average w came along
            stage.step(new StepRandom(3, 0).uniform(m, 4, 1, 32, 32).mul(2).sub(1), m.create(new long[] {0, 1, 2, 0}), new StepRandom(1, 0));
            Map<String, float[]> after = StyleGanXlTest.snapshot(stage.trainedGenerator().parameters());
            for (String k : before.keySet()) {
                if (stage.trainedParameters().contains(k)) {
                    continue;
                }
                assertThat(after.get(k)).as(k).containsExactly(before.get(k));
            }
            assertThat(stage.trainedParameters()).anyMatch(k -> !java.util.Arrays.equals(after.get(k), before.get(k)));
        }
        try (StyleGanXl fromStem = new StyleGanXl(at(32, stem.toString()), 5); StyleGanXl original = new StyleGanXl(at(16, ""), 1)) {
            // the kept layers are the stem's averaged generator, not fresh ones
            assertThat(fromStem.trainedGenerator().parameters().get("synthesis.L0_20_8.weight").toFloatArray())
                    .isNotEqualTo(original.trainedGenerator().parameters().get("synthesis.L0_20_8.weight").toFloatArray());
        }
    }

    @Test
    void aStageWhoseStemDoesNotMatchIsRefusedInOneSentence(@TempDir Path dir) throws Exception {
        Path stem = stemRun(dir.resolve("stem"));
        assertThatThrownBy(() -> new StyleGanXl(at(16, stem.toString()), 2)).isInstanceOf(Gen4jException.class)
                .hasMessage("stem " + stem + " does not match this stage: its resolution 16 is not below this stage's 16.");
        StyleGanXlConfig t = at(32, stem.toString());
        StyleGanXlConfig otherBase = new StyleGanXlConfig(32, 1, 4, t.zDim(), t.wDim(), t.mappingLayers(), t.mappingLrMul(), t.wAvgBeta(),
                128, t.channelMax(), t.numLayers(), t.numCritical(), t.marginSize(), t.outputScale(), t.convClamp(), t.gLearningRate(),
                t.dLearningRate(), t.beta1(), t.beta2(), t.adamEpsilon(), t.emaKimg(), t.emaRampup(), t.blurSigma(), t.blurFadeKimg(), "",
                t.mixChannels(), t.dChannels(), t.cmapDim(), 0, "", stem.toString(), 3, 0, 1000, 3, true);
        assertThatThrownBy(() -> new StyleGanXl(otherBase, 2)).isInstanceOf(Gen4jException.class)
                .hasMessageContaining("its channelBase 64 differs from this stage's 128");
        assertThatThrownBy(() -> new StyleGanXl(at(32, dir.resolve("nothing").toString()), 2)).isInstanceOf(Gen4jException.class)
                .hasMessageContaining("is not a run folder");
        // a guided stage needs a trained classifier of the data's classes; the random projection network is none
        assertThatThrownBy(() -> new StyleGanXl(at(32, stem.toString(), 1), 2)).isInstanceOf(Gen4jException.class)
                .hasMessageContaining("classifier guidance needs a classifier trained on the data's 3 classes");
    }

    @Test
    void aGrownStageIsGuidedByATrainedClassifierOfTheDatasClasses(@TempDir Path dir) throws Exception {
        Path stem = stemRun(dir.resolve("stem"));
        Path classifier = dir.resolve("classifier.safetensors");
        try (org.gen4j.metrics.ClassifierFeatures net = org.gen4j.metrics.ClassifierFeatures.random(1, 3, 9)) {
            net.save(classifier, Map.of());
        }
        try (StyleGanXl stage = new StyleGanXl(at(32, stem.toString(), 8, classifier.toString()), 2); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Map<String, Double> out = stage.step(new StepRandom(3, 0).uniform(m, 4, 1, 32, 32).mul(2).sub(1), m.create(new long[] {0, 1, 2, 0}),
                    new StepRandom(1, 0));
            assertThat(out).containsKey("guidance");
            assertThat(out.get("guidance")).isPositive();
        }
    }
}
