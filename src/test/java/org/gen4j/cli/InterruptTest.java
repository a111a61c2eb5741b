package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gen4j.train.Checkpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping a training process (Ctrl-C sends SIGINT, a service manager SIGTERM) writes a checkpoint first. */
class InterruptTest {

    @TempDir
    Path tmp;

    @Test
    void terminationWritesACheckpointThatResumes() throws Exception {
        Path data = TinyRuns.fashionSubset(tmp, 64), run = tmp.resolve("run");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        List<String> args = TinyRuns.tinyProGan(data, run, "1000");
        args.set(args.indexOf("--checkpoint-kimg") + 1, "1000");
        cmd.addAll(args);
        Path log = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (lines(run.resolve("metrics.jsonl")) < 5 && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(100);
            }
            assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isEqualTo(143);
        assertThat(out).contains("stopped at").contains("continue with --resume " + run);
        Checkpoints.Info info = Checkpoints.latest(run.resolve("checkpoints"));
        assertThat(info.imagesSeen()).isGreaterThanOrEqualTo(40);
        TinyRuns.Result resumed = TinyRuns.run("train", "--resume", run.toString(), "--kimg",
                Double.toString((info.imagesSeen() + 16) / 1000.0), "--no-progress");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(Checkpoints.latest(run.resolve("checkpoints")).imagesSeen()).isEqualTo(info.imagesSeen() + 16);
    }

    private static long lines(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readAllLines(file).size() : 0;
    }
}
