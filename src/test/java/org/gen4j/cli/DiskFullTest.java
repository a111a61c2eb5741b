package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gen4j.train.Checkpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing into a filesystem that fills up: a 4 MB tmpfs, mounted when the tests run as root
 * (skipped with a notice otherwise), nearly filled by a ballast file once a first run is in it.
 * Every failure is one sentence naming the file, exit status 1, the earlier checkpoint and outputs
 * intact and no temporary file left.
 */
class DiskFullTest {

    @TempDir
    static Path tmp;

    static Path disk;
    static Path data;
    static boolean mounted;

    static int sh(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    @BeforeAll
    static void mount() throws Exception {
        data = TinyRuns.fashionSubset(tmp.resolve("data"), 16);
        disk = Files.createDirectories(tmp.resolve("disk"));
        boolean root = "root".equals(System.getProperty("user.name"));
        mounted = root && sh("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString()) == 0;
        if (!mounted) {
            System.err.println("DiskFullTest skipped: mounting a small tmpfs needs root (run the tests as root to include it)");
        }
        Assumptions.assumeTrue(mounted, "needs root to mount a tmpfs");
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mounted) {
            sh("umount", disk.toString());
        }
    }

    /** Fills the disk but for {@code spare} bytes. */
    static void fill(long spare) throws IOException {
        Path ballast = disk.resolve("ballast");
        Files.deleteIfExists(ballast);
        long free = Files.getFileStore(disk).getUsableSpace();
        try (var ch = java.nio.channels.FileChannel.open(ballast, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(1 << 16);
            for (long left = free - spare; left > 0; left -= zeros.capacity()) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), left));
                ch.write(zeros);
            }
        }
    }

    static List<Path> temporaries() throws IOException {
        try (Stream<Path> s = Files.walk(disk)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp") || p.getFileName().toString().startsWith(".")).toList();
        }
    }

    @Test
    void aFullDiskStopsTrainingSamplingAndPackingWithOneSentenceAndLosesNothing() throws IOException {
        Path run = disk.resolve("run");
        TinyRuns.Result first = TinyRuns.run(TinyRuns.tinyProGan(data, run, "0.016"));
        assertThat(first.code()).as(first.err()).isZero();
        Path checkpoint = Checkpoints.latest(run.resolve("checkpoints")).json();
        byte[] metrics = Files.readAllBytes(run.resolve("metrics.jsonl"));
        fill(2048);

        TinyRuns.Result more = TinyRuns.run("train", "--resume", run.toString(), "--kimg", "0.064", "--no-progress");
        assertThat(more.code()).isEqualTo(1);
        assertThat(more.err().strip()).startsWith("gen4j: error: cannot ").contains(run.toString()).contains("No space left on device")
                .doesNotContain("\tat ");
        assertThat(Checkpoints.latest(run.resolve("checkpoints")).json()).isEqualTo(checkpoint); // intact and still the newest
        assertThat(Files.readAllBytes(run.resolve("metrics.jsonl"))).startsWith(metrics);

        TinyRuns.Result sample = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "0-63", "--outdir", disk.resolve("samples").toString());
        assertThat(sample.code()).isEqualTo(1);
        assertThat(sample.err()).contains("gen4j: error: cannot write " + disk.resolve("samples")).contains("No space left on device");

        TinyRuns.Result pack = TinyRuns.run("data", "pack", data.toString(), "--out", disk.resolve("packed.zip").toString());
        assertThat(pack.code()).isEqualTo(1);
        assertThat(pack.err()).contains("gen4j: error: cannot write " + disk.resolve("packed.zip")).contains("No space left on device");
        assertThat(disk.resolve("packed.zip")).doesNotExist();
        assertThat(temporaries()).isEmpty();

        Files.delete(disk.resolve("ballast")); // with room again the run continues from the intact checkpoint
        TinyRuns.Result again = TinyRuns.run("train", "--resume", run.toString(), "--kimg", "0.032", "--no-progress");
        assertThat(again.code()).as(again.err()).isZero();
    }
}
