package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training, the input transform in sample and interpolate, and their bad input, on a tiny StyleGAN3. */
class StyleGan3CommandsTest {

    @TempDir
    static Path tmp;

    static Path run;

    @BeforeAll
    static void train() throws IOException {
        run = tmp.resolve("run");
        TinyRuns.Result r = TinyRuns.run(TinyRuns.tinyStyleGan3(TinyRuns.fashionSubset(tmp, 64), run, "0.032", "r"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(run.resolve("metrics.jsonl"))).contains("loss_G", "loss_D", "r1_penalty").doesNotContain("pl_penalty");
        assertThat(Files.readString(run.resolve("config.json"))).contains("\"config\": \"r\"");
    }

    @Test
    void sampleRendersThroughTheTransformAndTheIdentityChangesNothing() throws IOException {
        Path plain = tmp.resolve("plain.png"), zero = tmp.resolve("zero.png"), moved = tmp.resolve("moved.png");
        assertThat(TinyRuns.run("sample", "--run", run.toString(), "--seeds", "0-3", "--grid", plain.toString()).code()).isZero();
        TinyRuns.Result r = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "0-3", "--translate", "0,0", "--rotate", "0", "--grid",
                zero.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(zero)).isEqualTo(Files.readAllBytes(plain));
        r = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "0-3", "--translate", "0.25,-0.125", "--rotate", "30", "--grid",
                moved.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(moved)).isNotEqualTo(Files.readAllBytes(plain));
    }

    @Test
    void aTranslationWalkWritesAGifThereAndBack() throws IOException {
        Path gif = tmp.resolve("walk.gif");
        TinyRuns.Result r = TinyRuns.run("interpolate", "--run", run.toString(), "--seeds", "3", "--translate-walk", "--frames", "4", "--out",
                gif.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 9 frames");
        assertThat(gif).isNotEmptyFile();
    }

    @Test
    void badTransformsGetOneSentence() throws IOException {
        TinyRuns.Result r = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "0", "--translate", "0.1", "--grid",
                tmp.resolve("x.png").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--translate takes two numbers X,Y, got '0.1'");
        r = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "0", "--translate", "0.9,0", "--grid", tmp.resolve("far.png").toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("further than the").contains("never seen in training");
        r = TinyRuns.run("interpolate", "--run", run.toString(), "--seeds", "1,2", "--translate-walk", "--out", tmp.resolve("w.gif").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("keeps one seed");
        Path sg2 = tmp.resolve("sg2");
        assertThat(TinyRuns.run(TinyRuns.tinyStyleGan2(TinyRuns.fashionSubset(tmp.resolve("d2"), 16), sg2, "0.016")).code()).isZero();
        r = TinyRuns.run("sample", "--run", sg2.toString(), "--seeds", "0", "--rotate", "10", "--grid", tmp.resolve("y.png").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("model stylegan2 has no input transform; drop --translate and --rotate.");
        r = TinyRuns.run("eval", "--run", sg2.toString(), "--metrics", "fid,eqt,eqr", "--num", "8");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("eqt, eqr measure generators with an input transform (StyleGAN3); this model has none.");
    }

    @Test
    void evalMeasuresTheThreeEquivariancesAsPsnr() {
        TinyRuns.Result r = TinyRuns.run("eval", "--run", run.toString(), "--metrics", "eqt,eqt-frac,eqr", "--num", "8", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(r.out()).getAsJsonObject();
        for (String key : new String[] {"eqt", "eqt_frac", "eqr"}) {
            double db = o.get(key).getAsDouble();
            assertThat(db).as(key).isBetween(5.0, 100.0);
        }
        assertThat(o.has("fid")).isFalse();
    }
}
