package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {

    @TempDir
    static Path tmp;

    static Path run;

    @BeforeAll
    static void train() throws IOException {
        run = tmp.resolve("run");
        TinyRuns.Result r = TinyRuns.run(TinyRuns.tinyProGan(TinyRuns.fashionSubset(tmp, 64), run, "0.128"));
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void gridAndSingleImagesAreTheSameImagesAtTheSameSeeds() throws IOException {
        Path grid = tmp.resolve("grid.png"), dir = tmp.resolve("singles");
        TinyRuns.Result r = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "3-5,9", "--grid", grid.toString(),
                "--outdir", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 4 images (8x8)");
        BufferedImage g = ImageIO.read(grid.toFile());
        assertThat(g.getWidth()).isEqualTo(2 * 8 + 2);
        BufferedImage s4 = ImageIO.read(dir.resolve("seed0004.png").toFile());
        assertThat(s4.getWidth()).isEqualTo(8);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                assertThat(g.getRaster().getSample(10 + x, y, 0)).isEqualTo(s4.getRaster().getSample(x, y, 0));
            }
        }
        assertThat(dir.resolve("seed0009.png")).exists();
        // the same seed from the checkpoint file gives the same image
        Path again = tmp.resolve("again");
        Path ckpt = run.resolve("checkpoints/ckpt-0000000128.safetensors");
        assertThat(TinyRuns.run("sample", "--checkpoint", ckpt.toString(), "--seeds", "4", "--outdir", again.toString()).code()).isZero();
        assertThat(Files.readAllBytes(again.resolve("seed0004.png"))).isEqualTo(Files.readAllBytes(dir.resolve("seed0004.png")));
    }

    @Test
    void interpolateWritesAnAnimatedGifOrAStrip() throws IOException {
        Path gif = tmp.resolve("walk.gif"), strip = tmp.resolve("strip.png");
        assertThat(TinyRuns.run("interpolate", "--run", run.toString(), "--seeds", "1,2,3", "--frames", "4", "--out", gif.toString()).code())
                .isZero();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(2 * 4 + 1);
        }
        assertThat(TinyRuns.run("interpolate", "--run", run.toString(), "--seeds", "1,2", "--frames", "4", "--out", strip.toString()).code())
                .isZero();
        BufferedImage s = ImageIO.read(strip.toFile());
        assertThat(s.getWidth()).isEqualTo(5 * 8);
        // the first frame is seed 1 itself
        Path single = tmp.resolve("one");
        TinyRuns.run("sample", "--run", run.toString(), "--seeds", "1", "--outdir", single.toString());
        BufferedImage one = ImageIO.read(single.resolve("seed0001.png").toFile());
        assertThat(s.getRaster().getSample(3, 3, 0)).isEqualTo(one.getRaster().getSample(3, 3, 0));
    }

    @Test
    void badRequestsGetOneSentence() {
        String r = run.toString();
        assertThat(TinyRuns.run("sample", "--run", r, "--seeds", "5-2", "--grid", tmp.resolve("x.png").toString()).err())
                .contains("--seeds '5-2' is malformed");
        assertThat(TinyRuns.run("sample", "--run", r, "--seeds", "a", "--grid", tmp.resolve("x.png").toString()).err())
                .contains("--seeds 'a' is malformed");
        assertThat(TinyRuns.run("sample", "--run", r, "--grid", tmp.resolve("x.jpg").toString()).err()).contains("must name a .png file");
        assertThat(TinyRuns.run("sample", "--run", r).err()).contains("say where to write the images");
        assertThat(TinyRuns.run("sample", "--run", r, "--class", "1", "--grid", tmp.resolve("x.png").toString()).err())
                .contains("model progan is unconditional; drop --class");
        assertThat(TinyRuns.run("sample", "--run", r, "--truncation", "0.5", "--grid", tmp.resolve("x.png").toString()).err())
                .contains("model progan has no truncation trick");
        assertThat(TinyRuns.run("sample", "--run", tmp.resolve("nope").toString(), "--grid", tmp.resolve("x.png").toString()).err())
                .contains("is not a folder");
        TinyRuns.Result both = TinyRuns.run("sample", "--run", r, "--checkpoint", "x", "--grid", tmp.resolve("x.png").toString());
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(TinyRuns.run("interpolate", "--run", r, "--seeds", "1", "--out", tmp.resolve("w.gif").toString()).err())
                .contains("needs at least two seeds");
        assertThat(TinyRuns.run("interpolate", "--run", r, "--seeds", "1,2", "--out", tmp.resolve("w.mp4").toString()).err())
                .contains("must end in .gif (animation) or .png (strip)");
        assertThat(TinyRuns.run("mix", "--run", r, "--rows", "1", "--cols", "2", "--out", tmp.resolve("x.png").toString()).err())
                .contains("model progan has no W space to mix styles in");
        assertThat(TinyRuns.run("interpolate", "--run", r, "--seeds", "1,2", "--space", "w", "--out", tmp.resolve("x.png").toString())
                .err()).contains("model progan has no W space; use --space z");
        assertThat(tmp.resolve("x.png")).doesNotExist();
    }
}
