package org.gen4j.models.stylegan2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.gen4j.Gen4jException;
import org.gen4j.data.Dataset;
import org.gen4j.train.Checkpoints;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.RunConfig;
import org.gen4j.train.RunDirectory;
import org.gen4j.train.StepRandom;
import org.gen4j.train.TrainOptions;
import org.gen4j.train.TrainableModel;
import org.gen4j.train.TrainingLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numerical faults in a real model: a non-finite pixel reaches StyleGAN2's discriminator through
 * a test-only data source at one chosen step. The run stops there, naming the step and the term
 * that went non-finite, the newest checkpoint before the fault stays intact, and training resumes
 * from it and finishes with finite losses.
 */
class NumericalFaultsTest {

    @TempDir
    Path dir;

    /** A model whose real images, at one step, carry {@code value} in their first pixel. */
    static final class Poisoned implements TrainableModel {
        final TrainableModel inner;
        final long at;
        final float value;
        long steps;

        Poisoned(TrainableModel inner, long at, float value) {
            this.inner = inner;
            this.at = at;
            this.value = value;
        }

        @Override
        public void schedule(long imagesSeen) {
            inner.schedule(imagesSeen);
        }

        @Override
        public Map<String, Double> step(NDArray reals, NDArray classes, StepRandom random) {
            return step(reals, classes, null, random);
        }

        @Override
        public Map<String, Double> step(NDArray reals, NDArray classes, int[] indices, StepRandom random) {
            NDArray x = reals;
            if (steps++ == at) {
                x = reals.duplicate();
                x.set(new NDIndex("0, 0, 0, 0"), value);
            }
            return indices == null ? inner.step(x, classes, random) : inner.step(x, classes, indices, random);
        }

        @Override
        public Map<String, BiConsumer<NDArray, StepRandom>> benchPhases() {
            return inner.benchPhases();
        }

        @Override
        public Map<String, Object> status() {
            return inner.status();
        }

        @Override
        public ImageGenerator generator() {
            return inner.generator();
        }

        @Override
        public Map<String, NDArray> stateTensors() {
            return inner.stateTensors();
        }

        @Override
        public JsonObject stateJson() {
            return inner.stateJson();
        }

        @Override
        public void loadState(Map<String, NDArray> tensors, JsonObject json) {
            inner.loadState(tensors, json);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** Batch 4 of 8x8 grayscale; R1 every 4th step. */
    static StyleGan2Config config() {
        return StyleGan2Test.tiny(0, 4, 4);
    }

    static Dataset data() {
        byte[] p = new byte[16 * 64];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 7 % 251);
        }
        return new Dataset("toy", p, 16, 1, 8, 8, null, List.of());
    }

    RunConfig runConfig() {
        // 0.032 kimg: 8 steps of 4 images, a checkpoint every 8 images
        return new RunConfig("stylegan2", "none", "toy", List.of(), 1,
                new TrainOptions(0.032, 0.004, 0.016, 0.008, 10, 4, "", 10, 5000, "", org.gen4j.ops.Precision.FLOAT32), config());
    }

    RunDirectory run(RunConfig c) throws IOException {
        try (RunDirectory.Locked locked = RunDirectory.create(dir.resolve("run"), c, false, name -> StyleGan2Config.class)) {
            return locked.run();
        }
    }

    void faultStopsTheRunNamingStepAndTermAndTheCheckpointBeforeItResumes(float value, long at, String term) throws IOException {
        RunConfig c = runConfig();
        RunDirectory run = run(c);
        try (Poisoned m = new Poisoned(new StyleGan2(config(), 1), at, value)) {
            assertThatThrownBy(() -> new TrainingLoop(m, data(), run, c, new PrintWriter(new StringWriter()), false, null).run(0, 0))
                    .isInstanceOf(Gen4jException.class)
                    .hasMessageMatching("training diverged at [0-9.]+ kimg \\(step " + (at + 1) + "\\): ([A-Za-z_0-9]+ is (NaN|-?Infinity)(, )?)+; "
                            + "the last good checkpoint is .*ckpt-0000000016\\.json.*")
                    .hasMessageContaining(term + " is ");
        }
        Checkpoints.Info last = Checkpoints.latest(run.checkpoints());
        assertThat(last.imagesSeen()).isEqualTo(16);
        try (StyleGan2 fresh = new StyleGan2(config(), 1); NDManager scratch = NDManager.newBaseManager()) {
            Checkpoints.load(last, fresh, scratch);
            for (NDArray t : fresh.stateTensors().values()) {
                assertThat(t.isNaN().any().getBoolean() || t.isInfinite().any().getBoolean()).isFalse();
            }
            TrainingLoop.Result r = new TrainingLoop(fresh, data(), run, c, new PrintWriter(new StringWriter()), false, null)
                    .run(last.step(), last.imagesSeen());
            assertThat(r.imagesSeen()).isEqualTo(32);
        }
    }

    @Test
    void aNanInTheBatchStopsTheRunWithTheLastGoodCheckpointIntact() throws IOException {
        faultStopsTheRunNamingStepAndTermAndTheCheckpointBeforeItResumes(Float.NaN, 5, "loss_D");
    }

    @Test
    void anInfinityOnTheStepOfTheR1PassIsReportedWithStepAndTerm() throws IOException {
        // R1 runs on every 4th step: step index 4 (the fifth) carries the penalty
        faultStopsTheRunNamingStepAndTermAndTheCheckpointBeforeItResumes(Float.POSITIVE_INFINITY, 4, "r1_penalty");
    }
}
