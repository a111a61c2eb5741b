package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gen4j.train.Checkpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments, half of them while a checkpoint is being written: a tiny ProGAN is
 * trained in a child JVM, SIGKILLed, and resumed, {@code gen4j.kills} times (4 here;
 * {@code scripts/kill-test.sh} runs 50). Every resume must succeed from the newest intact
 * checkpoint, images seen must never fall below the last checkpoint seen, and the run, finished
 * without kills, must end with the losses of an uninterrupted run.
 */
class KillTest {

    @TempDir
    Path tmp;

    static final String KIMG = "0.8";

    List<String> child(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        return cmd;
    }

    List<String> flags(Path data, Path run) {
        List<String> a = TinyRuns.tinyProGan(data, run, KIMG);
        a.set(a.indexOf("--checkpoint-kimg") + 1, "0.016"); // a checkpoint every other step: many writes to land in
        a.set(a.indexOf("--tick-kimg") + 1, "0.016");
        return a;
    }

    static boolean writing(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return false;
        }
        try (Stream<Path> s = Files.list(checkpoints)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
    }

    static JsonObject lastMetrics(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    }

    @Test
    void killedAtRandomItResumesFromItsNewestIntactCheckpointAndEndsAsAnUninterruptedRun() throws Exception {
        int kills = Integer.getInteger("gen4j.kills", 4);
        Path data = TinyRuns.fashionSubset(tmp, 64);
        Path reference = tmp.resolve("reference"), run = tmp.resolve("killed");
        assertThat(TinyRuns.run(flags(data, reference)).code()).isZero();

        SplittableRandom random = new SplittableRandom(7);
        long lastSeen = 0;
        int duringWrites = 0, resumes = 0;
        long maxLost = 0;
        for (int k = 0; k < kills; k++) {
            List<String> args;
            if (lastSeen == 0) { // killed before its first checkpoint: start it over, as a user would
                args = flags(data, run);
                args.add("--force");
            } else {
                args = List.of("train", "--resume", run.toString(), "--no-progress");
            }
            Process p = new ProcessBuilder(child(args)).redirectErrorStream(true).redirectOutput(tmp.resolve("child-" + k + ".txt").toFile())
                    .start();
            try {
                boolean atWrite = random.nextBoolean();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                long delay = random.nextLong(50, 1500) * 1_000_000L;
                long start = -1;
                while (p.isAlive() && System.nanoTime() < deadline) {
                    if (start < 0 && Files.isRegularFile(run.resolve("metrics.jsonl"))
                            && (k == 0 || Files.getLastModifiedTime(run.resolve("metrics.jsonl")).toMillis() > System.currentTimeMillis() - 200)) {
                        start = System.nanoTime(); // training steps are running
                    }
                    if (start >= 0 && (atWrite ? System.nanoTime() - start > delay / 2 && writing(run.resolve("checkpoints"))
                            : System.nanoTime() - start > delay)) {
                        break;
                    }
                    Thread.onSpinWait();
                }
                if (atWrite && writing(run.resolve("checkpoints")) && p.isAlive()) {
                    duringWrites++;
                }
            } finally {
                p.destroyForcibly(); // SIGKILL
                p.waitFor(30, TimeUnit.SECONDS);
            }
            long newest = Checkpoints.list(run.resolve("checkpoints")).isEmpty() ? 0
                    : Checkpoints.latest(run.resolve("checkpoints")).imagesSeen(); // verified: size and checksum
            assertThat(newest).as("kill %d", k).isGreaterThanOrEqualTo(lastSeen);
            long logged = Files.isRegularFile(run.resolve("metrics.jsonl")) ? lastLogged(run) : 0;
            maxLost = Math.max(maxLost, logged - newest);
            lastSeen = newest;
            resumes++;
            if (lastSeen >= (long) (Double.parseDouble(KIMG) * 1000)) {
                break; // finished before the kill
            }
        }
        List<String> last = new ArrayList<>(flags(data, run));
        last.add("--force");
        TinyRuns.Result done = TinyRuns.run(lastSeen == 0 ? last : List.of("train", "--resume", run.toString(), "--no-progress"));
        assertThat(done.code()).as(done.err()).isZero();
        JsonObject a = lastMetrics(reference), b = lastMetrics(run);
        assertThat(b.get("imagesSeen")).isEqualTo(a.get("imagesSeen"));
        for (String loss : List.of("loss_D", "loss_G")) {
            assertThat(b.get(loss).getAsDouble()).as(loss).isEqualTo(a.get(loss).getAsDouble());
        }
        System.out.printf("kill test: %d kills (%d while a checkpoint was being written), %d resumes, at most %d images of work lost%n",
                resumes, duringWrites, resumes, maxLost);
    }

    /** The images seen of the last readable metrics line (a kill can tear the last one). */
    static long lastLogged(Path run) throws IOException {
        long last = 0;
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"), java.nio.charset.StandardCharsets.ISO_8859_1)) {
            try {
                last = JsonParser.parseString(line).getAsJsonObject().get("imagesSeen").getAsLong();
            } catch (RuntimeException e) {
                // torn
            }
        }
        return last;
    }
}
