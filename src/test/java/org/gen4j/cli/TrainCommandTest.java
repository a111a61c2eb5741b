package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gen4j.train.Checkpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @TempDir
    static Path tmp;

    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = TinyRuns.fashionSubset(tmp, 64);
    }

    static List<JsonObject> metrics(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    }

    @Test
    void writesTheRunFolderDesignMdDescribes() throws IOException {
        Path run = tmp.resolve("layout");
        TinyRuns.Result r = TinyRuns.run(TinyRuns.tinyProGan(data, run, "0.128"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("done: 0.1 kimg, 16 steps");
        JsonObject config = JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
        assertThat(config.get("model").getAsString()).isEqualTo("progan");
        assertThat(config.getAsJsonObject("config").get("resolution").getAsInt()).isEqualTo(8);
        assertThat(config.getAsJsonObject("config").get("gpLambda").getAsDouble()).isEqualTo(10);
        assertThat(config.getAsJsonObject("train").get("kimg").getAsDouble()).isEqualTo(0.128);
        assertThat(run.resolve("samples/reals.png")).exists();
        assertThat(run.resolve("samples/fakes-0000.000kimg.png")).exists();
        assertThat(run.resolve("samples/fakes-0000.128kimg.png")).exists();
        List<Path> ckpts = Checkpoints.list(run.resolve("checkpoints"));
        assertThat(ckpts).extracting(p -> p.getFileName().toString())
                .containsExactly("ckpt-0000000064.json", "ckpt-0000000096.json", "ckpt-0000000128.json");
        assertThat(run.resolve("checkpoints/ckpt-0000000128.safetensors")).exists();
        assertThat(run.resolve("checkpoints/ckpt-0000000032.safetensors")).doesNotExist(); // pruned: keep 3
        List<JsonObject> lines = metrics(run);
        assertThat(lines).hasSize(16);
        assertThat(lines.get(15).get("kimg").getAsDouble()).isEqualTo(0.128);
        assertThat(lines.get(15).get("res").getAsInt()).isEqualTo(8);
        assertThat(lines.get(3).get("res").getAsInt()).isEqualTo(4);
        assertThat(lines.get(5).get("alpha").getAsDouble()).isCloseTo(0.25, within(1e-9));
        assertThat(lines.get(0).has("loss_D")).isTrue();
        assertThat(lines.get(0).has("gp")).isTrue();
    }

    /** Resuming from the halfway checkpoint reproduces the uninterrupted run's later steps. */
    @Test
    void resumeContinuesExactly() throws IOException {
        Path whole = tmp.resolve("whole"), split = tmp.resolve("split");
        assertThat(TinyRuns.run(TinyRuns.tinyProGan(data, whole, "0.128")).code()).isZero();
        assertThat(TinyRuns.run(TinyRuns.tinyProGan(data, split, "0.064")).code()).isZero();
        TinyRuns.Result r = TinyRuns.run("train", "--resume", split.toString(), "--kimg", "0.128", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("resuming " + split + " at 0.1 kimg (step 8)");
        List<JsonObject> a = metrics(whole), b = metrics(split);
        assertThat(b).hasSize(a.size());
        for (int i = 0; i < a.size(); i++) {
            for (String k : List.of("imagesSeen", "loss_D", "loss_G", "gp", "wdist", "alpha")) {
                assertThat(b.get(i).get(k).getAsDouble()).as("%s at line %d", k, i)
                        .isCloseTo(a.get(i).get(k).getAsDouble(), within(1e-5 * Math.max(1, Math.abs(a.get(i).get(k).getAsDouble()))));
            }
        }
        assertThat(Files.readAllBytes(split.resolve("samples/fakes-0000.128kimg.png")))
                .isEqualTo(Files.readAllBytes(whole.resolve("samples/fakes-0000.128kimg.png")));
    }

    /**
     * A bfloat16 run's steps compute differently from float32 (but close); it records its
     * precision and resumes in it, while its sample grids and metrics are float32, equal to what
     * sample and eval give for its checkpoint.
     */
    @Test
    void bfloat16RunsRecordTheirPrecisionAndResumeInIt() throws IOException {
        Path f32 = tmp.resolve("f32"), bf16 = tmp.resolve("bf16");
        assertThat(TinyRuns.run(TinyRuns.tinyProGan(data, f32, "0.032")).code()).isZero();
        List<String> args = TinyRuns.tinyProGan(data, bf16, "0.032");
        args.addAll(List.of("--precision", "bfloat16", "--metrics", "fid", "--metrics-every", "0.032", "--metrics-num", "16"));
        TinyRuns.Result r = TinyRuns.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("bfloat16 convolutions");
        assertThat(JsonParser.parseString(Files.readString(bf16.resolve("config.json"))).getAsJsonObject()
                .getAsJsonObject("train").get("precision").getAsString()).isEqualTo("bfloat16");
        double a = metrics(f32).get(0).get("loss_D").getAsDouble(), b = metrics(bf16).get(0).get("loss_D").getAsDouble();
        assertThat(b).isNotEqualTo(a).isCloseTo(a, within(0.05 * Math.abs(a)));
        Path grid = tmp.resolve("bf16-grid.png");
        assertThat(TinyRuns.run("sample", "--run", bf16.toString(), "--seeds", "0-3", "--grid", grid.toString()).code()).isZero();
        assertThat(Files.readAllBytes(grid)).isEqualTo(Files.readAllBytes(bf16.resolve("samples/fakes-0000.032kimg.png")));
        double fidDuringTraining = metrics(bf16).stream().filter(o -> o.has("fid")).reduce((x, y) -> y).orElseThrow().get("fid").getAsDouble();
        TinyRuns.Result eval = TinyRuns.run("eval", "--run", bf16.toString(), "--metrics", "fid", "--num", "16", "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(JsonParser.parseString(eval.out().strip()).getAsJsonObject().get("fid").getAsDouble())
                .isCloseTo(fidDuringTraining, within(1e-6 * fidDuringTraining));
        assertThat(org.gen4j.ops.Precision.current()).isEqualTo(org.gen4j.ops.Precision.FLOAT32);
        TinyRuns.Result resumed = TinyRuns.run("train", "--resume", bf16.toString(), "--kimg", "0.048", "--no-progress");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("bfloat16 convolutions");
        assertThat(TinyRuns.run("train", "--data", data.toString(), "--precision", "half", "--out", tmp.resolve("half").toString()).err())
                .contains("unknown precision 'half'; accepted: float32, bfloat16.");
    }

    @Test
    void corruptLatestCheckpointIsNamedAndThePreviousStillWorks() throws IOException {
        Path run = tmp.resolve("corrupt");
        assertThat(TinyRuns.run(TinyRuns.tinyProGan(data, run, "0.096")).code()).isZero();
        Path latest = run.resolve("checkpoints/ckpt-0000000096.safetensors");
        byte[] bytes = Files.readAllBytes(latest);
        Files.write(latest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        TinyRuns.Result r = TinyRuns.run("train", "--resume", run.toString(), "--kimg", "0.128", "--no-progress");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(latest.toString()).contains("truncated or corrupt")
                .contains("the previous checkpoint " + run.resolve("checkpoints/ckpt-0000000064.json") + " is intact");
        Path previous = run.resolve("checkpoints/ckpt-0000000064.json");
        TinyRuns.Result ok = TinyRuns.run("train", "--resume", previous.toString(), "--kimg", "0.128", "--no-progress");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(Checkpoints.latest(run.resolve("checkpoints")).imagesSeen()).isEqualTo(128);
    }

    @Test
    void anExistingRunIsRefusedUnlessResumedOrForced() throws IOException {
        Path run = tmp.resolve("existing");
        assertThat(TinyRuns.run(TinyRuns.tinyProGan(data, run, "0.016")).code()).isZero();
        List<String> other = TinyRuns.tinyProGan(data, run, "0.016");
        other.addAll(List.of("--set", "gpLambda=5"));
        TinyRuns.Result r = TinyRuns.run(other);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("already holds a different run (gpLambda 10.0 vs 5.0)").contains("--force");
        assertThat(TinyRuns.run(TinyRuns.tinyProGan(data, run, "0.016")).err()).contains("already holds this run");
        other.add("--force");
        assertThat(TinyRuns.run(other).code()).isZero();
        assertThat(Files.readString(run.resolve("config.json"))).contains("\"gpLambda\": 5.0");
    }

    @Test
    void aRunBeingTrainedRefusesASecondResumeOrForceAndIsUntouched() throws IOException {
        Path run = tmp.resolve("busy");
        assertThat(TinyRuns.run(TinyRuns.tinyProGan(data, run, "0.016")).code()).isZero();
        String config = Files.readString(run.resolve("config.json"));
        try (org.gen4j.train.RunLock held = org.gen4j.train.RunLock.acquire(run)) {
            String holder = "pid " + ProcessHandle.current().pid();
            TinyRuns.Result r = TinyRuns.run("train", "--resume", run.toString(), "--kimg", "0.032", "--no-progress");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains(run + " is being trained by another process (" + holder);
            List<String> forced = TinyRuns.tinyProGan(data, run, "0.016");
            forced.add("--force");
            assertThat(TinyRuns.run(forced).err()).contains("is being trained by another process (" + holder);
        }
        assertThat(Files.readString(run.resolve("config.json"))).isEqualTo(config);
        assertThat(TinyRuns.run("train", "--resume", run.toString(), "--kimg", "0.032", "--no-progress").code()).isZero();
    }

    @Test
    void aTornLastMetricsLineIsSkippedWithANoticeOnResume() throws IOException {
        Path run = tmp.resolve("torn");
        assertThat(TinyRuns.run(TinyRuns.tinyProGan(data, run, "0.016")).code()).isZero();
        byte[] torn = "{\"imagesSeen\": 20, \"loss_D\": \"\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(run.resolve("metrics.jsonl"), java.util.Arrays.copyOf(torn, torn.length - 1), java.nio.file.StandardOpenOption.APPEND);
        TinyRuns.Result r = TinyRuns.run("train", "--resume", run.toString(), "--kimg", "0.032", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("metrics.jsonl: skipped 1 unreadable line (cut short when the run stopped)");
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            assertThat(com.google.gson.JsonParser.parseString(line).isJsonObject()).isTrue();
        }
    }

    @Test
    void resumeRefusesContradictingFlags() throws IOException {
        Path run = tmp.resolve("contradict");
        assertThat(TinyRuns.run(TinyRuns.tinyProGan(data, run, "0.016")).code()).isZero();
        TinyRuns.Result r = TinyRuns.run("train", "--resume", run.toString(), "--resolution", "16");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("resolution=16 (run: 8)");
    }

    @Test
    void badFlagsGetOneSentenceAndExitCodeTwo() {
        Path out = tmp.resolve("bad");
        assertThat(TinyRuns.run("train", "--model", "stylegan9", "--out", out.toString()).err())
                .contains("unknown model 'stylegan9'; available: progan");
        assertThat(TinyRuns.run("train", "--data", data.toString(), "--resolution", "24", "--out", out.toString()).err())
                .contains("resolution must be a power of two of at least 4, got 24");
        assertThat(TinyRuns.run("train", "--data", data.toString(), "--resolution", "2", "--out", out.toString()).err())
                .contains("got 2");
        assertThat(TinyRuns.run("train", "--data", data.toString(), "--kimg", "-1", "--out", out.toString()).err())
                .contains("--kimg must be positive");
        TinyRuns.Result unknownKey = TinyRuns.run("train", "--data", data.toString(), "--set", "lr=1", "--out", out.toString());
        assertThat(unknownKey.code()).isEqualTo(2);
        assertThat(unknownKey.err()).contains("unknown setting 'lr' for model progan; accepted: resolution, imageChannels, batch")
                .doesNotContain("Exception");
        assertThat(TinyRuns.run("train", "--data", data.toString(), "--set", "gpLambda=ten", "--out", out.toString()).err())
                .contains("gpLambda=ten for model progan is not a valid number");
        assertThat(TinyRuns.run("train", "--data", tmp.resolve("nowhere").toString()).err())
                .contains("is neither a known dataset (fashion-mnist, fashion-mnist:test) nor an existing file or folder");
        assertThat(TinyRuns.run("train", "--data", data.toString(), "--preset", "huge", "--out", out.toString()).err())
                .contains("no preset 'huge'; available: cpu, paper");
        assertThat(out).doesNotExist();
    }
}
