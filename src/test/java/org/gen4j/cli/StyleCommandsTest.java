package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncation, style mixing and walks in W on a tiny trained StyleGAN2. */
class StyleCommandsTest {

    @TempDir
    static Path tmp;

    static Path run;

    @BeforeAll
    static void train() throws IOException {
        run = tmp.resolve("run");
        TinyRuns.Result r = TinyRuns.run(TinyRuns.tinyStyleGan2(TinyRuns.fashionSubset(tmp, 64), run, "0.064"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(run.resolve("samples")).isDirectoryContaining("glob:**.png");
        assertThat(Files.readString(run.resolve("metrics.jsonl"))).contains("loss_G", "loss_D", "r1_penalty", "pl_penalty");
    }

    @Test
    void truncationZeroGivesOneImageForEverySeed() throws IOException {
        Path dir = tmp.resolve("trunc");
        TinyRuns.Result r = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "1-3", "--truncation", "0", "--outdir", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        int[] first = pixels(dir.resolve("seed0001.png"));
        assertThat(pixels(dir.resolve("seed0002.png"))).containsExactly(first);
        assertThat(pixels(dir.resolve("seed0003.png"))).containsExactly(first);
        Path plain = tmp.resolve("plain");
        TinyRuns.run("sample", "--run", run.toString(), "--seeds", "1-2", "--outdir", plain.toString());
        assertThat(pixels(plain.resolve("seed0001.png"))).isNotEqualTo(pixels(plain.resolve("seed0002.png")));
        Path one = tmp.resolve("one");
        TinyRuns.run("sample", "--run", run.toString(), "--seeds", "1", "--truncation", "1", "--outdir", one.toString());
        assertThat(pixels(one.resolve("seed0001.png"))).containsExactly(pixels(plain.resolve("seed0001.png")));
    }

    @Test
    void multimodalTruncationWithOneCentreAndPsiZeroGivesOneImageAndMoreCentresThanSamplesAreRefused() throws IOException {
        Path dir = tmp.resolve("centres");
        TinyRuns.Result r = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "1-2", "--truncation", "0", "--truncation-centers",
                "1", "--truncation-samples", "50", "--outdir", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(pixels(dir.resolve("seed0002.png"))).containsExactly(pixels(dir.resolve("seed0001.png")));
        Path two = tmp.resolve("centres2");
        r = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "1-2", "--truncation", "0.5", "--truncation-centers", "2",
                "--truncation-samples", "50", "--outdir", two.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(pixels(two.resolve("seed0002.png"))).isNotEqualTo(pixels(two.resolve("seed0001.png")));
        Path none = tmp.resolve("centres-refused");
        r = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "1", "--truncation-centers", "8", "--truncation-samples", "4",
                "--outdir", none.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--truncation-centers 8 exceeds the 4 sampled ws they are clustered from");
        assertThat(none).doesNotExist();
    }

    @Test
    void mixWritesTheFigure3Grid() throws IOException {
        Path grid = tmp.resolve("mix.png");
        TinyRuns.Result r = TinyRuns.run("mix", "--run", run.toString(), "--rows", "1,2", "--cols", "3,4,5", "--styles", "0-1",
                "--out", grid.toString());
        assertThat(r.code()).as(r.err()).isZero();
        BufferedImage img = ImageIO.read(grid.toFile());
        // (1 + 3 columns) x (1 + 2 rows) cells of 8 pixels with 2-pixel gaps
        assertThat(img.getWidth()).isEqualTo(4 * 8 + 3 * 2);
        assertThat(img.getHeight()).isEqualTo(3 * 8 + 2 * 2);
        // mixing every layer from the column gives the column's own image
        Path all = tmp.resolve("all.png");
        TinyRuns.run("mix", "--run", run.toString(), "--rows", "1", "--cols", "3", "--styles", "0-3", "--out", all.toString());
        BufferedImage a = ImageIO.read(all.toFile());
        assertThat(cell(a, 1, 1)).containsExactly(cell(a, 0, 1));
        assertThat(cell(a, 1, 1)).isNotEqualTo(cell(a, 1, 0));
    }

    @Test
    void interpolateWalksInW() throws IOException {
        Path strip = tmp.resolve("w.png");
        TinyRuns.Result r = TinyRuns.run("interpolate", "--run", run.toString(), "--seeds", "1,2", "--frames", "4", "--space", "w",
                "--out", strip.toString());
        assertThat(r.code()).as(r.err()).isZero();
        BufferedImage w = ImageIO.read(strip.toFile());
        assertThat(w.getWidth()).isEqualTo(5 * 8);
        // the walk's ends are the seeds' own images
        Path single = tmp.resolve("ends");
        TinyRuns.run("sample", "--run", run.toString(), "--seeds", "1,2", "--outdir", single.toString());
        assertThat(cell(w, 0, 0, 0)).containsExactly(pixels(single.resolve("seed0001.png")));
        assertThat(cell(w, 0, 4, 0)).containsExactly(pixels(single.resolve("seed0002.png")));
    }

    @Test
    void styleGanTrainsGrowsAndSamplesWithTruncationAndMixing() throws IOException {
        Path sg = tmp.resolve("stylegan");
        TinyRuns.Result r = TinyRuns.run(TinyRuns.tinyStyleGan(TinyRuns.fashionSubset(tmp.resolve("d1"), 64), sg, "0.064"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(sg.resolve("metrics.jsonl"))).contains("\"res\":8", "r1_penalty");
        Path dir = tmp.resolve("sg-trunc");
        assertThat(TinyRuns.run("sample", "--run", sg.toString(), "--seeds", "1-2", "--truncation", "0", "--outdir", dir.toString()).code())
                .isZero();
        assertThat(pixels(dir.resolve("seed0002.png"))).containsExactly(pixels(dir.resolve("seed0001.png")));
        Path grid = tmp.resolve("sg-mix.png");
        assertThat(TinyRuns.run("mix", "--run", sg.toString(), "--rows", "1", "--cols", "2", "--styles", "0-1", "--out", grid.toString())
                .code()).isZero();
    }

    @Test
    void badRequestsGetOneSentence() {
        String r = run.toString(), png = tmp.resolve("x.png").toString();
        assertThat(TinyRuns.run("sample", "--run", r, "--truncation", "1.5", "--grid", png).err()).contains("--truncation 1.5 is outside [0, 1]");
        assertThat(TinyRuns.run("sample", "--run", r, "--truncation", "0.5", "--truncation-cutoff", "9", "--grid", png).err())
                .contains("--truncation-cutoff 9 is out of range; this model has layers 0 to 3");
        assertThat(TinyRuns.run("mix", "--run", r, "--rows", "1", "--cols", "2", "--styles", "2-4", "--out", png).err())
                .contains("--styles layer 4 is out of range; this model has layers 0 to 3");
        assertThat(TinyRuns.run("mix", "--run", r, "--rows", "x", "--cols", "2", "--out", png).err()).contains("--rows 'x' is malformed");
        assertThat(TinyRuns.run("interpolate", "--run", r, "--seeds", "1,2", "--space", "q", "--out", png).err())
                .contains("--space must be z or w");
        TinyRuns.Result bad = TinyRuns.run("mix", "--run", r, "--rows", "1", "--cols", "2", "--styles", "-1", "--out", png);
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).doesNotContain("Exception");
    }

    private static int[] pixels(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        return img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
    }

    /** Cell (row, col) of a grid of 8-pixel images with 2-pixel gaps. */
    private static int[] cell(BufferedImage grid, int row, int col) {
        return cell(grid, row, col, 2);
    }

    private static int[] cell(BufferedImage grid, int row, int col, int gap) {
        return grid.getRaster().getPixels(col * (8 + gap), row * (8 + gap), 8, 8, (int[]) null);
    }
}
