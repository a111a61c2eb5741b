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

    static Path latentsOf(Path file, long[] seeds, int dim) throws IOException {
        float[] z = new float[seeds.length * dim];
        for (int i = 0; i < seeds.length; i++) {
            System.arraycopy(org.gen4j.train.Sampler.latent(seeds[i], dim), 0, z, i * dim, dim);
        }
        org.gen4j.io.Npy.write(file, z, new long[] {seeds.length, dim});
        return file;
    }

    @Test
    void latentsFromANpyFileGiveTheSeedsImagesAndNpyOutputHoldsTheRawValues() throws IOException {
        Path a = tmp.resolve("a.npy"), b = tmp.resolve("b.npy"), ga = tmp.resolve("a.png"), gb = tmp.resolve("b.png");
        TinyRuns.Result r = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "2,7,11", "--grid", ga.toString(), "--npy", a.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 3 images (8x8) as float32 to " + a);
        Path z = latentsOf(tmp.resolve("z.npy"), new long[] {2, 7, 11}, 8); // the tiny ProGAN's latentDim
        r = TinyRuns.run("sample", "--run", run.toString(), "--latents", z.toString(), "--grid", gb.toString(), "--npy", b.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(gb)).isEqualTo(Files.readAllBytes(ga));
        org.gen4j.io.Npy.Array raw = org.gen4j.io.Npy.read(b);
        assertThat(raw.header().shape()).containsExactly(3, 1, 8, 8);
        assertThat(raw.floats("b")).containsExactly(org.gen4j.io.Npy.read(a).floats("a"));
        // the values are the generator's, not the quantised PNG's
        float[] v = raw.floats("b");
        boolean offGrid = false;
        for (float x : v) {
            double level = (x + 1) * 127.5;
            offGrid |= Math.abs(level - Math.rint(level)) > 1e-3;
        }
        assertThat(offGrid).isTrue();
    }

    @Test
    void badLatentsGetOneSentence() throws IOException {
        Path z = latentsOf(tmp.resolve("z5.npy"), new long[] {1, 2}, 5);
        TinyRuns.Result r = TinyRuns.run("sample", "--run", run.toString(), "--latents", z.toString(), "--grid", tmp.resolve("x.png").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("has shape [2, 5]; model progan takes [N, 8].");
        Path ok = latentsOf(tmp.resolve("z8.npy"), new long[] {1}, 8);
        r = TinyRuns.run("sample", "--run", run.toString(), "--latents", ok.toString(), "--seeds", "1", "--grid", tmp.resolve("x.png").toString());
        assertThat(r.err()).contains("--latents replaces --seeds; give one of them.");
        r = TinyRuns.run("sample", "--run", run.toString(), "--latents", ok.toString(), "--labels", ok.toString(), "--grid",
                tmp.resolve("x.png").toString());
        assertThat(r.err()).contains("--labels gives classes, but model progan is unconditional.");
        r = TinyRuns.run("sample", "--run", run.toString(), "--labels", ok.toString(), "--grid", tmp.resolve("x.png").toString());
        assertThat(r.err()).contains("--labels gives the classes of --latents; add --latents Z.npy.");
        Files.writeString(tmp.resolve("junk.npy"), "not numpy");
        r = TinyRuns.run("sample", "--run", run.toString(), "--latents", tmp.resolve("junk.npy").toString(), "--grid",
                tmp.resolve("x.png").toString());
        assertThat(r.err()).contains("is not a .npy array");
    }
}
