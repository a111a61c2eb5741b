package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {

    @TempDir
    static Path tmp;

    static Path data;
    static Path run;

    /** A tiny ProGAN grown to 16x16 (SWD's smallest size) with metrics computed while it trains. */
    @BeforeAll
    static void train() throws IOException {
        data = TinyRuns.fashionSubset(tmp, 300);
        run = tmp.resolve("run");
        List<String> args = TinyRuns.tinyProGan(data, run, "0.160");
        args.set(args.indexOf("--resolution") + 1, "16");
        args.addAll(List.of("--metrics", "fid,swd", "--metrics-every", "0.08", "--metrics-num", "100"));
        TinyRuns.Result r = TinyRuns.run(args);
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void trainingAppendsMetricLines() throws IOException {
        List<JsonObject> lines = Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(l -> JsonParser.parseString(l).getAsJsonObject()).filter(o -> o.has("fid")).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1).get("kimg").getAsDouble()).isEqualTo(0.16);
        assertThat(lines.get(1).get("swd").getAsDouble()).isPositive();
        assertThat(lines.get(1).has("swd_16")).isTrue();
    }

    @Test
    void evalPrintsEveryMetricAsJson() {
        TinyRuns.Result r = TinyRuns.run("eval", "--run", run.toString(), "--metrics", "fid,kid,is,pr,swd", "--num", "200", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonObject o = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        for (String k : List.of("fid", "kid", "is", "is_std", "precision", "recall", "swd", "swd_16")) {
            assertThat(o.has(k)).as(k).isTrue();
            assertThat(Double.isFinite(o.get(k).getAsDouble())).as(k).isTrue();
        }
        assertThat(o.get("fid").getAsDouble()).isPositive();
        assertThat(o.get("num").getAsInt()).isEqualTo(200);
        assertThat(o.get("featureNet").getAsString()).startsWith("gen4j-");
    }

    @Test
    void badRequestsGetOneSentence() throws IOException {
        String r = run.toString();
        assertThat(TinyRuns.run("eval", "--run", r, "--metrics", "fid,ssim").err())
                .contains("unknown metric 'ssim'; accepted: fid, kid, is, pr, swd");
        assertThat(TinyRuns.run("eval", "--run", r, "--metrics", "bpd").err())
                .contains("model progan gives no likelihood; bpd and iw-bpd measure likelihood models such as vdvae.");
        assertThat(TinyRuns.run("sample", "--run", r, "--seeds", "1", "--grid", tmp.resolve("t.png").toString(), "--temperature", "0.5").err())
                .contains("model progan has no prior temperature; drop --temperature.");
        assertThat(TinyRuns.run("reconstruct", "--run", r, "--images", data.toString(), "--out", tmp.resolve("r.png").toString()).err())
                .contains("model progan has no encoder");
        assertThat(TinyRuns.run("eval", "--run", r, "--metrics", "fid", "--num", "1000").err())
                .contains("--num 1000 is larger than the reference set").contains("has 300 images");
        assertThat(TinyRuns.run("eval", "--run", r, "--metrics", "fid", "--feature-net", tmp.resolve("none.pt").toString()).err())
                .contains("none.pt does not exist");
        Path bad = tmp.resolve("bad.safetensors");
        Files.writeString(bad, "not a network");
        assertThat(TinyRuns.run("eval", "--run", r, "--metrics", "fid", "--feature-net", bad.toString()).err())
                .contains("bad.safetensors is not a valid safetensors file");
        Path rgb = Files.createDirectories(tmp.resolve("rgb"));
        for (int i = 0; i < 4; i++) {
            BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
            img.setRGB(1, 1, 0xff0000);
            ImageIO.write(img, "png", rgb.resolve(i + ".png").toFile());
        }
        TinyRuns.Result channels = TinyRuns.run("eval", "--run", r, "--metrics", "swd", "--num", "4", "--data", rgb.toString());
        assertThat(channels.code()).isEqualTo(2);
        assertThat(channels.err()).contains("the generator makes 1-channel images but the reference data").contains("has 3");
    }
}
