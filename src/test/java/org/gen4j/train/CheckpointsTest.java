package org.gen4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gen4j.models.progan.ProGan;
import org.gen4j.models.progan.ProGanConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @TempDir
    Path dir;

    static final ProGanConfig CONFIG = new ProGanConfig(8, 1, 4, 8, 64, 8, 0.008, 0.008, 0.001, 0, 0.99, 1e-8, 10, 0.001, 0.9, 4, true);

    static RunConfig run() {
        return new RunConfig("progan", "test", "toy", java.util.List.of(), 3, new TrainOptions(1, 1, 1, 1, 3, 4, "", 10, 5000, "", org.gen4j.ops.Precision.FLOAT32), CONFIG);
    }

    @Test
    void theRecordOfATensorFileIsTheJsonBesideIt() {
        Path dir = Path.of("runs", "r", "checkpoints");
        assertThat(Checkpoints.record(dir.resolve("ckpt-0000000016.safetensors"))).isEqualTo(dir.resolve("ckpt-0000000016.json"));
        assertThat(Checkpoints.record(dir.resolve("ckpt-0000000016.json"))).isEqualTo(dir.resolve("ckpt-0000000016.json"));
    }

    @Test
    void roundTripRestoresEveryTensorAndTheSchedule() throws IOException {
        try (ProGan a = new ProGan(CONFIG, 1); ProGan b = new ProGan(CONFIG, 2); NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < 5; i++) {
                try (NDScope s = new NDScope()) {
                    s.suppressNotUsedWarning();
                    a.schedule(i * 4L);
                    a.step(new StepRandom(9, i).uniform(m, 4, 1, 8, 8), null, new StepRandom(1, i));
                }
            }
            Path json = Checkpoints.write(dir, a, run(), 5, 20);
            Checkpoints.Info info = Checkpoints.verify(json);
            assertThat(info.step()).isEqualTo(5);
            assertThat(info.imagesSeen()).isEqualTo(20);
            assertThat(info.runConfig().get("seed").getAsLong()).isEqualTo(3);
            Checkpoints.load(info, b, m);
            Map<String, NDArray> sa = a.stateTensors(), sb = b.stateTensors();
            assertThat(sb.keySet()).isEqualTo(sa.keySet());
            assertThat(sa.keySet()).anyMatch(k -> k.startsWith("optD.v.")).anyMatch(k -> k.startsWith("G_ema."));
            sa.forEach((k, v) -> assertThat(sb.get(k).toFloatArray()).as(k).containsExactly(v.toFloatArray()));
            assertThat(b.stateJson()).isEqualTo(a.stateJson());
            // the next step of both is identical
            a.schedule(20);
            b.schedule(20);
            try (NDScope s = new NDScope()) {
                s.suppressNotUsedWarning();
                NDArray reals = new StepRandom(9, 5).uniform(m, 4, 1, 8, 8);
                assertThat(b.step(reals, null, new StepRandom(1, 5))).isEqualTo(a.step(reals, null, new StepRandom(1, 5)));
            }
        }
    }

    @Test
    void aFlippedByteIsCaughtByTheChecksum() throws IOException {
        try (ProGan a = new ProGan(CONFIG, 1)) {
            Path json = Checkpoints.write(dir, a, run(), 0, 0);
            Path tensors = dir.resolve("ckpt-0000000000.safetensors");
            byte[] b = Files.readAllBytes(tensors);
            b[b.length - 5] ^= 1;
            Files.write(tensors, b);
            assertThatThrownBy(() -> Checkpoints.verify(json)).hasMessageContaining(tensors + " is corrupt: its checksum does not match")
                    .hasMessageContaining("no older intact checkpoint exists");
        }
    }

    @Test
    void aMissingTensorFileOrBrokenJsonIsNamed() throws IOException {
        try (ProGan a = new ProGan(CONFIG, 1)) {
            Path first = Checkpoints.write(dir, a, run(), 1, 4);
            Path second = Checkpoints.write(dir, a, run(), 2, 8);
            Files.delete(dir.resolve("ckpt-0000000008.safetensors"));
            assertThatThrownBy(() -> Checkpoints.latest(dir)).hasMessageContaining("which is missing")
                    .hasMessageContaining("the previous checkpoint " + first + " is intact");
            Files.writeString(second, "{ not json");
            assertThatThrownBy(() -> Checkpoints.verify(second)).hasMessageContaining(second + " is corrupt: it is not valid JSON");
        }
    }

    @Test
    void pruneKeepsTheNewestAndRemovesOrphans() throws IOException {
        try (ProGan a = new ProGan(CONFIG, 1)) {
            for (int i = 1; i <= 4; i++) {
                Checkpoints.write(dir, a, run(), i, i * 4L);
            }
            Files.writeString(dir.resolve("ckpt-0000000099.safetensors"), "orphan of a crash");
            Checkpoints.prune(dir, 2);
            assertThat(Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "ckpt-0000000012.json", "ckpt-0000000012.safetensors", "ckpt-0000000016.json", "ckpt-0000000016.safetensors");
        }
    }
}
