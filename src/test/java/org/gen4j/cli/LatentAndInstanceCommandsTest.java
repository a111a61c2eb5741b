package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sampling with latent optimisation (CS-GAN) and from instances (IC-GAN), and their bad input. */
class LatentAndInstanceCommandsTest {

    @TempDir
    static Path tmp;

    static Path shapes;
    static Path csgan;
    static Path icgan;

    @BeforeAll
    static void train() throws IOException {
        shapes = TinyRuns.twoShapes(tmp, 16);
        csgan = tmp.resolve("csgan");
        icgan = tmp.resolve("icgan");
        TinyRuns.Result a = TinyRuns.run(TinyRuns.tinyCsGan(shapes, csgan, "0.032"));
        assertThat(a.code()).as(a.err()).isZero();
        TinyRuns.Result b = TinyRuns.run(TinyRuns.tinyIcGan(shapes, icgan, "0.032"));
        assertThat(b.code()).as(b.err()).isZero();
    }

    @Test
    void latentStepsChangeTheSamplesAndAreRefusedWhereTheModelHasNone() throws IOException {
        Path with = tmp.resolve("with.png"), without = tmp.resolve("without.png");
        assertThat(TinyRuns.run("sample", "--run", csgan.toString(), "--seeds", "0-3", "--grid", with.toString()).code()).isZero();
        assertThat(TinyRuns.run("sample", "--run", csgan.toString(), "--seeds", "0-3", "--latent-steps", "0", "--grid", without.toString())
                .code()).isZero();
        assertThat(Files.readAllBytes(with)).isNotEqualTo(Files.readAllBytes(without));
        TinyRuns.Result negative = TinyRuns.run("sample", "--run", csgan.toString(), "--latent-steps", "-2", "--grid", with.toString());
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.err()).contains("--latent-steps must be between 0 and 10000, got -2.");
        assertThat(TinyRuns.run("sample", "--run", icgan.toString(), "--latent-steps", "1", "--grid", with.toString()).err())
                .contains("model icgan has no latent optimisation; drop --latent-steps.");
    }

    @Test
    void icganSamplesTheNeighbourhoodOfATrainingInstanceOrOfAnyImage() throws IOException {
        Path outside = tmp.resolve("outside.png");
        BufferedImage img = new BufferedImage(48, 40, BufferedImage.TYPE_BYTE_GRAY); // another size, not in the data
        img.getGraphics().fillOval(10, 8, 20, 20);
        ImageIO.write(img, "png", outside.toFile());
        TinyRuns.Result any = TinyRuns.run("sample", "--run", icgan.toString(), "--instance", outside.toString(), "--seeds", "0-3",
                "--grid", tmp.resolve("any.png").toString());
        assertThat(any.code()).as(any.err()).isZero();
        assertThat(any.out()).contains("wrote 4 images");
        assertThat(TinyRuns.run("sample", "--run", icgan.toString(), "--instance-index", "3", "--seeds", "0-3", "--grid",
                tmp.resolve("idx.png").toString()).code()).isZero();
    }

    @Test
    void severalInstancesMakeOneRowEachLedByTheInstanceItself() throws IOException {
        Path[] images = {tmp.resolve("ring.png"), tmp.resolve("block.png")};
        for (int i = 0; i < 2; i++) {
            BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
            if (i == 0) {
                img.getGraphics().drawOval(6, 6, 20, 20);
            } else {
                img.getGraphics().fillRect(4, 10, 12, 18);
            }
            ImageIO.write(img, "png", images[i].toFile());
        }
        Path figure = tmp.resolve("figure.png"), values = tmp.resolve("figure.npy");
        TinyRuns.Result r = TinyRuns.run("sample", "--run", icgan.toString(), "--instance", images[0] + "," + images[1], "--seeds", "0-2",
                "--grid", figure.toString(), "--npy", values.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 6 images");
        BufferedImage grid = ImageIO.read(figure.toFile());
        assertThat(grid.getWidth()).isEqualTo(4 * 32 + 3 * 2); // the instance, then three seeds
        assertThat(grid.getHeight()).isEqualTo(2 * 32 + 2);
        for (int i = 0; i < 2; i++) {
            BufferedImage lead = ImageIO.read(images[i].toFile());
            int[] expected = lead.getRaster().getPixels(0, 0, 32, 32, (int[]) null);
            int[] actual = grid.getRaster().getPixels(0, i * 34, 32, 32, (int[]) null);
            assertThat(actual).as("row %d's first cell", i).isEqualTo(expected);
            // each row is what a single --instance of that image generates at the same seeds
            Path single = tmp.resolve("single" + i + ".npy");
            assertThat(TinyRuns.run("sample", "--run", icgan.toString(), "--instance", images[i].toString(), "--seeds", "0-2", "--npy",
                    single.toString()).code()).isZero();
            float[] row = org.gen4j.io.Npy.read(single).floats("single");
            float[] all = org.gen4j.io.Npy.read(values).floats("figure");
            assertThat(java.util.Arrays.copyOfRange(all, i * row.length, (i + 1) * row.length)).containsExactly(row);
        }
        assertThat(TinyRuns.run("sample", "--run", icgan.toString(), "--instance-index", "0,2,5", "--seeds", "0-1", "--grid",
                figure.toString()).out()).contains("wrote 6 images");
        assertThat(TinyRuns.run("sample", "--run", icgan.toString(), "--instance-index", "1,x", "--grid", figure.toString()).err())
                .contains("--instance-index '1,x' is malformed");
    }

    @Test
    void badInstancesGetOneSentence() throws IOException {
        String r = icgan.toString(), out = tmp.resolve("x.png").toString();
        Path text = tmp.resolve("notes.png");
        Files.writeString(text, "not an image");
        assertThat(TinyRuns.run("sample", "--run", r, "--instance", text.toString(), "--grid", out).err()).contains("is not a readable image");
        Path colour = tmp.resolve("colour.png");
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 3, 0xff0000);
        ImageIO.write(img, "png", colour.toFile());
        assertThat(TinyRuns.run("sample", "--run", r, "--instance", colour.toString(), "--grid", out).err())
                .contains("is colour but the model makes grayscale images");
        TinyRuns.Result far = TinyRuns.run("sample", "--run", r, "--instance-index", "32", "--grid", out);
        assertThat(far.code()).isEqualTo(2);
        assertThat(far.err()).contains("--instance-index 32 is out of range; the training set has instances 0 to 31.");
        assertThat(TinyRuns.run("sample", "--run", csgan.toString(), "--instance-index", "1", "--grid", out).err())
                .contains("model csgan is not conditioned on instances");
        List<String> tooMany = TinyRuns.tinyIcGan(shapes, tmp.resolve("k"), "0.016");
        tooMany.addAll(List.of("--set", "neighbours=40"));
        assertThat(TinyRuns.run(tooMany).err()).contains("k = 40 neighbours needs more than 40 instances");
    }

    @Test
    void anInstanceNetworkThatCannotReadTheDataNamesTheFlagThatChoosesIt() throws IOException {
        Path rgb = Files.createDirectories(tmp.resolve("rgb"));
        for (int i = 0; i < 8; i++) {
            BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
            img.setRGB(i, 1, 0xff0000);
            ImageIO.write(img, "png", rgb.resolve(i + ".png").toFile());
        }
        TinyRuns.Result r = TinyRuns.run(TinyRuns.tinyIcGan(rgb, tmp.resolve("rgb-run"), "0.016"));
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("takes 1-channel images but these have 3; pass --instance-net with a network for them");
        assertThat(Files.exists(tmp.resolve("rgb-run"))).isFalse();
        r = TinyRuns.run("train", "--model", "wgan", "--data", shapes.toString(), "--instance-net", "net.safetensors");
        assertThat(r.err()).contains("model wgan takes none; drop --instance-net.");
        List<String> missing = TinyRuns.tinyIcGan(shapes, tmp.resolve("missing-run"), "0.016");
        missing.addAll(List.of("--instance-net", tmp.resolve("none.safetensors").toString()));
        r = TinyRuns.run(missing);
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("--instance-net " + tmp.resolve("none.safetensors") + " does not exist.");
    }
}
