package org.gen4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gen4j.Gen4jException;
import org.gen4j.data.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLoopTest {

    @TempDir
    Path dir;

    /** Settings record of the fake model. */
    record FakeConfig(int resolution, int batch, int imageChannels, int nanAtStep) {}

    /**
     * A "model" with one parameter that counts steps; its loss turns NaN at a chosen step, and its
     * parameter turns NaN one step earlier when asked, to check the loop's two guards.
     */
    static final class FakeModel implements TrainableModel {
        final NDManager manager = NDManager.newBaseManager();
        final NDArray counter = manager.zeros(new Shape(1));
        final int nanAt;
        long steps;

        FakeModel(int nanAt) {
            this.nanAt = nanAt;
        }

        @Override
        public void schedule(long imagesSeen) {}

        @Override
        public Map<String, Double> step(NDArray reals, NDArray classes, StepRandom random) {
            steps++;
            counter.addi(1);
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("loss", steps == nanAt ? Double.NaN : (double) reals.mean().getFloat());
            return out;
        }

        @Override
        public Map<String, Object> status() {
            return Map.of("steps", steps);
        }

        @Override
        public ImageGenerator generator() {
            return new ImageGenerator() {
                public int latentDim() {
                    return 2;
                }

                public int imageChannels() {
                    return 1;
                }

                public int resolution() {
                    return 2;
                }

                public int numClasses() {
                    return 0;
                }

                public NDArray generate(NDArray latents, NDArray classes) {
                    return latents.getManager().zeros(new Shape(latents.getShape().get(0), 1, 2, 2));
                }
            };
        }

        @Override
        public Map<String, NDArray> stateTensors() {
            return Map.of("counter", counter);
        }

        @Override
        public JsonObject stateJson() {
            JsonObject o = new JsonObject();
            o.addProperty("steps", steps);
            return o;
        }

        @Override
        public void loadState(Map<String, NDArray> tensors, JsonObject json) {
            counter.set(new ai.djl.ndarray.index.NDIndex(":"), tensors.get("counter"));
            steps = json.get("steps").getAsLong();
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    static Dataset data() {
        byte[] p = new byte[16 * 4];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 3);
        }
        return new Dataset("toy", p, 16, 1, 2, 2, null, List.of());
    }

    private RunConfig config(double kimg, int nanAt) {
        return new RunConfig("fake", "none", "toy", java.util.List.of(), 1, new TrainOptions(kimg, 0.004, 0.008, 0.008, 2, 4, "", 10, 5000, "", org.gen4j.ops.Precision.FLOAT32),
                new FakeConfig(2, 4, 1, nanAt));
    }

    private RunDirectory run(RunConfig c) throws IOException {
        try (RunDirectory.Locked locked = RunDirectory.create(dir.resolve("run"), c, false, name -> FakeConfig.class)) {
            return locked.run(); // the loop itself does not need the lock
        }
    }

    @Test
    void countsImagesAndWritesTicksSnapshotsAndCheckpoints() throws IOException {
        RunConfig c = config(0.016, -1);
        RunDirectory run = run(c);
        StringWriter out = new StringWriter();
        try (FakeModel m = new FakeModel(-1)) {
            TrainingLoop.Result r = new TrainingLoop(m, data(), run, c, new PrintWriter(out), false, null).run(0, 0);
            assertThat(r.imagesSeen()).isEqualTo(16);
            assertThat(r.step()).isEqualTo(4);
            assertThat(r.interrupted()).isFalse();
            assertThat(m.counter.getFloat(0)).isEqualTo(4f);
        }
        assertThat(Files.readAllLines(run.metrics())).hasSize(4);
        assertThat(Files.list(run.samples()).map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly("fakes-0000.000kimg.png", "fakes-0000.008kimg.png", "fakes-0000.016kimg.png", "reals.png");
        assertThat(Checkpoints.list(run.checkpoints())).extracting(p -> p.getFileName().toString())
                .containsExactly("ckpt-0000000008.json", "ckpt-0000000016.json");
        assertThat(out.toString()).contains("kimg      0.0  steps");
    }

    @Test
    void keepCheckpointsBoundsTheCheckpointFolder() throws IOException {
        RunConfig c = config(0.032, -1); // a checkpoint every 8 images, 2 kept
        RunDirectory run = run(c);
        try (FakeModel m = new FakeModel(-1)) {
            new TrainingLoop(m, data(), run, c, new PrintWriter(new StringWriter()), false, null).run(0, 0);
        }
        try (var files = Files.list(run.checkpoints())) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("ckpt-0000000024.json",
                    "ckpt-0000000024.safetensors", "ckpt-0000000032.json", "ckpt-0000000032.safetensors");
        }
    }

    @Test
    void aNonFiniteLossStopsTheRunAndLeavesTheLastCheckpoint() throws IOException {
        RunConfig c = config(0.016, 3);
        RunDirectory run = run(c);
        try (FakeModel m = new FakeModel(3)) {
            assertThatThrownBy(() -> new TrainingLoop(m, data(), run, c, new PrintWriter(new StringWriter()), false, null).run(0, 0))
                    .isInstanceOf(Gen4jException.class)
                    .hasMessageContaining("training diverged at 0.0 kimg (step 3): loss is NaN")
                    .hasMessageContaining("the last good checkpoint is " + run.checkpoints().resolve("ckpt-0000000008.json"));
        }
        assertThat(Checkpoints.list(run.checkpoints())).hasSize(1);
        Checkpoints.Info info = Checkpoints.latest(run.checkpoints());
        assertThat(info.imagesSeen()).isEqualTo(8);
    }

    @Test
    void aCheckpointOfNonFiniteTensorsIsRefused() throws IOException {
        RunConfig c = config(0.016, -1);
        RunDirectory run = run(c);
        try (FakeModel m = new FakeModel(-1)) {
            m.counter.muli(0).divi(0);
            assertThatThrownBy(() -> Checkpoints.write(run.checkpoints(), m, c, 1, 4))
                    .hasMessageContaining("tensor 'counter' holds NaN or infinite values");
        }
        assertThat(Checkpoints.list(run.checkpoints())).isEmpty();
    }
}
