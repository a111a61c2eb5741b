package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtherCommandsTest {

    @TempDir
    Path tmp;

    @Test
    void modelsListsNamePaperAndConditioning() {
        TinyRuns.Result r = TinyRuns.run("models");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("progan").contains("Progressive Growing of GANs").contains("Karras et al., ICLR 2018")
                .containsPattern("progan\\s+no\\s+");
    }

    @Test
    void benchPrintsTimesAndMemoryAsJson() {
        TinyRuns.Result r = TinyRuns.run("bench", "--model", "progan", "--resolution", "8", "--channels", "8", "--batch", "4",
                "--iters", "3", "--warmup", "1", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonObject o = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        assertThat(o.get("train_iter_ms").getAsDouble()).isPositive();
        assertThat(o.get("g_forward_ms").getAsDouble()).isPositive();
        assertThat(o.get("images_per_s").getAsDouble()).isPositive();
        assertThat(o.get("rss_mb_after").getAsDouble()).isPositive();
        assertThat(o.get("rss_mb_start").getAsDouble()).isPositive();
        // three timed iterations: each tenth is one reading, the first and the last
        double first = o.get("rss_mb_first_tenth").getAsDouble(), last = o.get("rss_mb_last_tenth").getAsDouble();
        assertThat(first).isPositive();
        assertThat(o.get("rss_mb_peak").getAsDouble()).isGreaterThanOrEqualTo(Math.max(first, last));
        assertThat(o.get("rss_drift_mb").getAsDouble()).isCloseTo(last - first, org.assertj.core.data.Offset.offset(0.11));
        assertThat(o.get("warmup").getAsInt()).isEqualTo(1);
        double heapBefore = o.get("heap_mb_before").getAsDouble(), heapAfter = o.get("heap_mb_after").getAsDouble();
        assertThat(heapBefore).isPositive();
        assertThat(heapAfter).isPositive();
        assertThat(o.get("heap_mb_peak").getAsDouble()).isGreaterThanOrEqualTo(Math.min(heapBefore, heapAfter));
        assertThat(o.get("malloc").getAsString()).isIn("glibc", "tcmalloc", "jemalloc");
        assertThat(o.get("precision").getAsString()).isEqualTo("float32");
        assertThat(o.getAsJsonObject("position").get("res").getAsInt()).isEqualTo(8);
        assertThat(o.getAsJsonObject("position").get("alpha").getAsDouble()).isEqualTo(0.5);
        assertThat(TinyRuns.run("bench", "--model", "nope").err()).contains("unknown model 'nope'");
        assertThat(TinyRuns.run("bench", "--iters", "0").err()).contains("--iters must be between 1 and 10000000, got 0.");
        TinyRuns.Result bf16 = TinyRuns.run("bench", "--model", "stylegan2", "--resolution", "8", "--channels", "8", "--batch", "4",
                "--iters", "1", "--warmup", "0", "--precision", "bfloat16", "--json");
        assertThat(bf16.code()).as(bf16.err()).isZero();
        assertThat(JsonParser.parseString(bf16.out().strip()).getAsJsonObject().get("precision").getAsString()).isEqualTo("bfloat16");
        assertThat(org.gen4j.ops.Precision.current()).isEqualTo(org.gen4j.ops.Precision.FLOAT32);
        assertThat(TinyRuns.run("bench", "--precision", "fp8").err()).contains("unknown precision 'fp8'; accepted: float32, bfloat16.");
    }

    @Test
    void dataInfoDescribesCountShapeAndClasses() throws IOException {
        Path data = TinyRuns.fashionSubset(tmp, 10);
        TinyRuns.Result r = TinyRuns.run("data", "info", data.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("10 images, 1x28x28").contains("10 classes");
        assertThat(TinyRuns.run("data", "info", "fashion-mnist:test").out()).contains("10000 images, 1x28x28")
                .contains("10 classes (T-shirt/top, Trouser");
        assertThat(TinyRuns.run("data", "info", tmp.resolve("none").toString()).err()).contains("nor an existing file or folder");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(TinyRuns.run("data", "info", empty.toString()).err()).contains("holds no images");
        assertThat(TinyRuns.run("data", "fetch", "mnist").err()).contains("unknown dataset name 'mnist'");
        TinyRuns.Result t = TinyRuns.run("data", "info", data.toString(), "--throughput");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).containsPattern("loader: [0-9]+ images/s into minibatches of 64 \\(64 images");
        TinyRuns.Result celeba = TinyRuns.run("data", "fetch", "celeba", "--dir", tmp.toString());
        assertThat(celeba.code()).isEqualTo(2);
        assertThat(celeba.err()).contains("img_align_celeba.zip").contains(tmp.resolve("celeba").toString());
    }
}
