package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class-conditional StyleGAN2 and StyleGAN3 from the command line: trained on labelled data with
 * {@code --set conditional=true}, sampled per class, and imported from official conditional
 * pickles whose images {@code sample --latents --labels} reproduces.
 */
class ConditionalStyleGanCommandsTest {

    @TempDir
    Path tmp;

    @Test
    void aConditionalStyleGan2TrainsOnLabelledDataAndSamplesPerClass() throws Exception {
        Path shapes = TinyRuns.twoShapes(tmp, 8), run = tmp.resolve("run");
        List<String> args = TinyRuns.tinyStyleGan2(shapes, run, "0.016");
        args.addAll(List.of("--set", "conditional=true", "--set", "dMappingLayers=2"));
        TinyRuns.Result r = TinyRuns.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        JsonObject config = JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
        assertThat(config.getAsJsonObject("config").get("numClasses").getAsInt()).isEqualTo(2);
        assertThat(config.getAsJsonArray("classNames").toString()).isEqualTo("[\"bars\",\"squares\"]");
        Path all = tmp.resolve("all.png");
        r = TinyRuns.run("sample", "--run", run.toString(), "--class", "all", "--seeds", "0-2", "--grid", all.toString());
        assertThat(r.code()).as(r.err()).isZero();
        BufferedImage g = ImageIO.read(all.toFile());
        assertThat(g.getHeight()).isEqualTo(2 * 8 + 2); // one row per class
        Path bars = tmp.resolve("bars.npy"), squares = tmp.resolve("squares.npy");
        assertThat(TinyRuns.run("sample", "--run", run.toString(), "--class", "bars", "--seeds", "3", "--npy", bars.toString()).code())
                .isZero();
        assertThat(TinyRuns.run("sample", "--run", run.toString(), "--class", "squares", "--seeds", "3", "--npy", squares.toString())
                .code()).isZero();
        assertThat(ImportCommandTest.maxAbsDifference(bars, squares)).isGreaterThan(1e-4);
        r = TinyRuns.run("interpolate", "--run", run.toString(), "--seeds", "3", "--classes", "bars,squares", "--frames", "3", "--out",
                tmp.resolve("walk.png").toString());
        assertThat(r.code()).as(r.err()).isZero();
        r = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "0-1", "--truncation", "0.5", "--class", "1", "--grid",
                tmp.resolve("t.png").toString());
        assertThat(r.code()).as(r.err()).isZero();
        r = TinyRuns.run("mix", "--run", run.toString(), "--rows", "0-1", "--cols", "2-3", "--styles", "0-1", "--class", "squares", "--out",
                tmp.resolve("mix.png").toString());
        assertThat(r.code()).as(r.err()).isZero();
        r = TinyRuns.run("mix", "--run", run.toString(), "--rows", "0-1", "--cols", "2-3", "--out", tmp.resolve("mix2.png").toString());
        assertThat(r.err()).contains("model stylegan2 is class-conditional; give mix one --class for every image.");
    }

    @Test
    void conditionalOfficialPicklesImportAndSampleTheOfficialImages() throws Exception {
        for (String[] f : new String[][] {{"stylegan2-ada", "stylegan2-cond16"}, {"stylegan3", "stylegan3t-cond16"}}) {
            Path run = tmp.resolve(f[1]);
            TinyRuns.Result r = TinyRuns.run("import", "--from", f[0], ImportCommandTest.fixture(f[1] + ".pkl").toString(), "--out",
                    run.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("conditioned on 3 classes (0 to 2)");
            Path out = tmp.resolve(f[1] + ".npy");
            r = TinyRuns.run("sample", "--run", run.toString(), "--latents", ImportCommandTest.fixture(f[1] + "-z.npy").toString(),
                    "--labels", ImportCommandTest.fixture(f[1] + "-c.npy").toString(), "--npy", out.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(ImportCommandTest.maxAbsDifference(out, ImportCommandTest.fixture(f[1] + "-const.npy"))).isLessThan(1e-4);
            r = TinyRuns.run("sample", "--run", run.toString(), "--class", "all", "--seeds", "0-1", "--grid", tmp.resolve("g.png").toString());
            assertThat(r.code()).as(r.err()).isZero();
        }
    }

    @Test
    void diffusionGanRefusesConditionalTraining() throws Exception {
        Path shapes = TinyRuns.twoShapes(tmp, 4);
        TinyRuns.Result r = TinyRuns.run("train", "--model", "diffusion-gan", "--data", shapes.toString(), "--resolution", "8", "--kimg",
                "0.008", "--out", tmp.resolve("d").toString(), "--no-progress", "--set", "conditional=true");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("model diffusion-gan has no class-conditional variant; drop --set conditional=true.");
    }

    @Test
    void projectionNetAndStemFlagsSetStyleGanXlsSettingsAndOtherModelsRefuseThem() throws Exception {
        Path shapes = TinyRuns.twoShapes(tmp, 4);
        Path missing = tmp.resolve("no-such-net.safetensors");
        Path out = tmp.resolve("xl");
        TinyRuns.Result r = TinyRuns.run("train", "--model", "stylegan-xl", "--data", shapes.toString(), "--resolution", "16", "--kimg",
                "0.008", "--out", out.toString(), "--no-progress", "--projection-net", missing.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("projectionNet " + missing + " does not exist");
        assertThat(out).doesNotExist();
        r = TinyRuns.run("train", "--model", "wgan", "--data", shapes.toString(), "--projection-net", missing.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("model wgan takes none; drop --projection-net.");
        r = TinyRuns.run("train", "--model", "stylegan2", "--data", shapes.toString(), "--stem", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("model stylegan2 takes none; drop --stem.");
    }
}
