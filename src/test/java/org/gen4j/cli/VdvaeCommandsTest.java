package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.gen4j.Gen4jException;
import org.gen4j.train.ImageGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VDVAE through the command line: train, sample with a temperature, eval bpd and iw-bpd, reconstruct. */
class VdvaeCommandsTest {

    @TempDir
    static Path tmp;
    static Path run, data;

    @BeforeAll
    static void trainATinyVdvae() throws IOException {
        data = TinyRuns.fashionSubset(tmp, 16);
        run = tmp.resolve("run");
        TinyRuns.Result r = TinyRuns.run(TinyRuns.tinyVdvae(data, run, "0.024"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(run.resolve("metrics.jsonl"))).contains("\"bpd\"").contains("\"skips\"");
    }

    @Test
    void sampleTakesATemperatureAndRefusesOneThatIsNotPositive() throws IOException {
        Path warm = tmp.resolve("warm.png"), cold = tmp.resolve("cold.png");
        TinyRuns.Result r = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "0-3", "--grid", warm.toString());
        assertThat(r.code()).as(r.err()).isZero();
        r = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "0-3", "--grid", cold.toString(), "--temperature", "0.2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(cold)).isNotEqualTo(Files.readAllBytes(warm));
        r = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "0-3", "--grid", cold.toString(), "--temperature", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--temperature must lie in (0, 10], got 0.0");
        ImageGenerator plain = ImageGenerator.of(4, 1, 8, 0, (z, c) -> z);
        assertThatThrownBy(() -> SampleCommand.withTemperature("progan", plain, 0.5)).isInstanceOf(Gen4jException.class)
                .hasMessage("model progan has no prior temperature; drop --temperature.");
        Path walk = tmp.resolve("walk.png");
        r = TinyRuns.run("interpolate", "--run", run.toString(), "--seeds", "1,2", "--frames", "3", "--out", walk.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ImageIO.read(walk.toFile()).getWidth()).isEqualTo(4 * 8);
    }

    @Test
    void evalGivesBitsPerDimensionAndTheImportanceWeightedBound() {
        TinyRuns.Result r = TinyRuns.run("eval", "--run", run.toString(), "--metrics", "bpd,iw-bpd", "--iw-samples", "2", "--num", "8",
                "--data", data.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(r.out()).getAsJsonObject();
        double bpd = o.get("bpd").getAsDouble(), iw = o.get("iw_bpd").getAsDouble();
        assertThat(bpd).isBetween(0.5, 12.0);
        assertThat(iw).isBetween(0.5, 12.0);
        TinyRuns.Result bad = TinyRuns.run("eval", "--run", run.toString(), "--metrics", "iw-bpd", "--iw-samples", "0");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--iw-samples");
    }

    @Test
    void reconstructWritesOneRowPerImageAndRefusesImagesOfAnotherKind() throws IOException {
        Path out = tmp.resolve("rec.png");
        TinyRuns.Result r = TinyRuns.run("reconstruct", "--run", run.toString(), "--images", data.toString(), "--out", out.toString(),
                "--depth", "2", "--num", "3", "--samples", "4");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("top 2 of 5 latent groups");
        BufferedImage g = ImageIO.read(out.toFile());
        assertThat(g.getWidth()).isEqualTo(5 * 8 + 4 * 2);
        assertThat(g.getHeight()).isEqualTo(3 * 8 + 2 * 2);
        Path rgb = tmp.resolve("rgb");
        Files.createDirectories(rgb);
        BufferedImage colour = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        colour.setRGB(2, 3, 0xff2000); // a grey image would be read as one channel
        ImageIO.write(colour, "png", rgb.resolve("a.png").toFile());
        r = TinyRuns.run("reconstruct", "--run", run.toString(), "--images", rgb.toString(), "--out", out.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("3-channel images but the model takes 1-channel ones");
        Path big = tmp.resolve("big");
        Files.createDirectories(big);
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY), "png", big.resolve("a.png").toFile());
        r = TinyRuns.run("reconstruct", "--run", run.toString(), "--images", big.toString(), "--out", out.toString());
        assertThat(r.err()).contains("16x16 images but the model takes 8x8 ones");
        r = TinyRuns.run("reconstruct", "--run", run.toString(), "--images", data.toString(), "--out", out.toString(), "--depth", "9");
        assertThat(r.err()).contains("--depth must lie in 0 to 5");
        assertThat(List.of(r.code())).doesNotContain(0);
    }
}
