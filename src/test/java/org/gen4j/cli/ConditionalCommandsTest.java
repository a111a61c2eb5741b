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

/** Training, sampling and evaluating a class-conditional model from the command line. */
class ConditionalCommandsTest {

    @TempDir
    static Path tmp;

    static Path shapes;
    static Path run;

    @BeforeAll
    static void train() throws IOException {
        shapes = TinyRuns.twoShapes(tmp, 16);
        run = tmp.resolve("run");
        TinyRuns.Result r = TinyRuns.run(TinyRuns.tinySagan(shapes, run, "0.064"));
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void theRunRecordsItsClassesAndItsSnapshotsAreClassGrids() throws IOException {
        JsonObject config = JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
        assertThat(config.getAsJsonArray("classNames").toString()).isEqualTo("[\"bars\",\"squares\"]");
        assertThat(config.getAsJsonObject("config").get("numClasses").getAsInt()).isEqualTo(2);
        // grid 4 with 2 classes: two rows (one per class) of two seeds
        BufferedImage grid = ImageIO.read(run.resolve("samples/fakes-0000.064kimg.png").toFile());
        assertThat(grid.getWidth()).isEqualTo(2 * 32 + 2);
        assertThat(grid.getHeight()).isEqualTo(2 * 32 + 2);
    }

    @Test
    void sampleTakesAClassByIndexOrNameOrAllOfThem() throws IOException {
        Path byName = tmp.resolve("squares.png"), byIndex = tmp.resolve("one.png"), all = tmp.resolve("all.png");
        assertThat(TinyRuns.run("sample", "--run", run.toString(), "--class", "Squares", "--seeds", "0-3", "--grid", byName.toString())
                .code()).isZero();
        assertThat(TinyRuns.run("sample", "--run", run.toString(), "--class", "1", "--seeds", "0-3", "--grid", byIndex.toString())
                .code()).isZero();
        assertThat(Files.readAllBytes(byName)).isEqualTo(Files.readAllBytes(byIndex));
        TinyRuns.Result r = TinyRuns.run("sample", "--run", run.toString(), "--class", "all", "--seeds", "0-2", "--grid", all.toString(),
                "--outdir", tmp.resolve("singles").toString());
        assertThat(r.code()).as(r.err()).isZero();
        BufferedImage g = ImageIO.read(all.toFile());
        assertThat(g.getWidth()).isEqualTo(3 * 32 + 4); // the same three seeds in every row
        assertThat(g.getHeight()).isEqualTo(2 * 32 + 2);
        assertThat(Files.exists(tmp.resolve("singles/class01-seed0002.png"))).isTrue();
        // row 1, column 2 of the class grid is seed 2 of class 1
        BufferedImage single = ImageIO.read(tmp.resolve("singles/class01-seed0002.png").toFile());
        assertThat(g.getSubimage(2 * 34, 34, 32, 32).getRGB(5, 7)).isEqualTo(single.getRGB(5, 7));
    }

    /** An int64 {@code .npy} of {@code values}, as numpy's {@code np.save(np.array(values))} writes it. */
    static Path int64Npy(Path file, int... values) throws IOException {
        String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + values.length + ",), }";
        String header = dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + header.length() + 8 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes()).put((byte) 1).put((byte) 0).putShort((short) header.length()).put(header.getBytes());
        for (int v : values) {
            b.putLong(v);
        }
        return Files.write(file, b.array());
    }

    @Test
    void latentsWithLabelsEqualTheSameSeedsOfThoseClasses() throws IOException {
        Path a = tmp.resolve("c.npy"), b = tmp.resolve("d.npy");
        assertThat(TinyRuns.run("sample", "--run", run.toString(), "--class", "1", "--seeds", "4,5", "--npy", a.toString()).code()).isZero();
        Path z = SampleCommandTest.latentsOf(tmp.resolve("z.npy"), new long[] {4, 5}, 16);
        TinyRuns.Result r = TinyRuns.run("sample", "--run", run.toString(), "--latents", z.toString(), "--labels",
                int64Npy(tmp.resolve("labels.npy"), 1, 1).toString(), "--npy", b.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(org.gen4j.io.Npy.read(b).floats("b")).containsExactly(org.gen4j.io.Npy.read(a).floats("a"));
        r = TinyRuns.run("sample", "--run", run.toString(), "--latents", z.toString(), "--labels",
                int64Npy(tmp.resolve("bad.npy"), 1, 5).toString(), "--npy", b.toString());
        assertThat(r.err()).contains("class 5 of latent 1 is outside 0 to 1.");
        r = TinyRuns.run("sample", "--run", run.toString(), "--latents", z.toString(), "--npy", b.toString());
        assertThat(r.err()).contains("is class-conditional: with --latents give --labels C.npy or one --class.");
    }

    @Test
    void classInterpolationAndTruncationWork() throws IOException {
        Path walk = tmp.resolve("walk.png");
        TinyRuns.Result r = TinyRuns.run("interpolate", "--run", run.toString(), "--seeds", "3", "--classes", "bars,squares",
                "--frames", "4", "--out", walk.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 5 frames");
        // the walk's ends are the classes' images at that seed
        Path bars = tmp.resolve("bars3.png");
        assertThat(TinyRuns.run("sample", "--run", run.toString(), "--class", "bars", "--seeds", "3", "--outdir", bars.toString()).code())
                .isZero();
        BufferedImage strip = ImageIO.read(walk.toFile()), first = ImageIO.read(bars.resolve("class00-seed0003.png").toFile());
        assertThat(strip.getSubimage(0, 0, 32, 32).getRGB(10, 10)).isEqualTo(first.getRGB(10, 10));
        assertThat(TinyRuns.run("sample", "--run", run.toString(), "--truncation", "0.5", "--seeds", "0-3", "--grid",
                tmp.resolve("t.png").toString()).code()).isZero();
    }

    /** Resuming mid-way continues the D/G cycle, the average and the data order exactly. */
    @Test
    void resumeContinuesExactly() throws IOException {
        Path whole = tmp.resolve("whole"), split = tmp.resolve("split");
        List<String> w = TinyRuns.tinySagan(shapes, whole, "0.064");
        w.addAll(List.of("--set", "dSteps=3"));
        assertThat(TinyRuns.run(w).code()).isZero();
        List<String> s = TinyRuns.tinySagan(shapes, split, "0.032"); // 4 steps: stops between a D step and its G step
        s.addAll(List.of("--set", "dSteps=3"));
        assertThat(TinyRuns.run(s).code()).isZero();
        TinyRuns.Result r = TinyRuns.run("train", "--resume", split.toString(), "--kimg", "0.064", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> a = Files.readAllLines(whole.resolve("metrics.jsonl")), b = Files.readAllLines(split.resolve("metrics.jsonl"));
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            JsonObject x = JsonParser.parseString(a.get(i)).getAsJsonObject(), y = JsonParser.parseString(b.get(i)).getAsJsonObject();
            for (String k : List.of("imagesSeen", "g_steps", "loss_D", "loss_G")) {
                if (x.has(k)) {
                    assertThat(y.get(k).getAsDouble()).as("%s at line %d", k, i).isCloseTo(x.get(k).getAsDouble(),
                            org.assertj.core.data.Offset.offset(1e-5 * Math.max(1, Math.abs(x.get(k).getAsDouble()))));
                }
            }
        }
        assertThat(Files.readAllBytes(split.resolve("samples/fakes-0000.064kimg.png")))
                .isEqualTo(Files.readAllBytes(whole.resolve("samples/fakes-0000.064kimg.png")));
    }

    @Test
    void badClassRequestsGetOneSentence() {
        String r = run.toString(), out = tmp.resolve("x.png").toString();
        assertThat(TinyRuns.run("sample", "--run", r, "--class", "circles", "--grid", out).err())
                .contains("--class 'circles' is neither a class index (0 to 1) nor one of this run's classes: 0 bars, 1 squares.");
        TinyRuns.Result far = TinyRuns.run("sample", "--run", r, "--class", "7", "--grid", out);
        assertThat(far.code()).isEqualTo(2);
        assertThat(far.err()).contains("--class 7 is out of range; this model has classes 0 to 1: 0 bars, 1 squares.");
        assertThat(TinyRuns.run("sample", "--run", r, "--truncation", "0", "--grid", out).err()).contains("--truncation 0.0 must be positive");
        assertThat(TinyRuns.run("sample", "--run", r, "--truncation", "0.5", "--truncation-cutoff", "2", "--grid", out).err())
                .contains("drop --truncation-cutoff");
        assertThat(TinyRuns.run("interpolate", "--run", r, "--seeds", "1,2", "--classes", "0,1", "--out", tmp.resolve("w.gif").toString())
                .err()).contains("a walk between classes keeps one seed");
    }

    @Test
    void aConditionalModelNeedsLabelledDataUnlessMadeUnconditional() throws IOException {
        Path unlabelled = tmp.resolve("unlabelled");
        Files.createDirectories(unlabelled);
        for (Path p : Files.list(shapes.resolve("bars")).toList()) {
            Files.copy(p, unlabelled.resolve(p.getFileName()));
        }
        TinyRuns.Result refused = TinyRuns.run(TinyRuns.tinySagan(unlabelled, tmp.resolve("u1"), "0.016"));
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("model sagan is class-conditional but " + unlabelled + " has no labels")
                .contains("--set conditional=false");
        assertThat(Files.exists(tmp.resolve("u1"))).isFalse();
        List<String> args = TinyRuns.tinySagan(unlabelled, tmp.resolve("u2"), "0.032");
        args.addAll(List.of("--set", "conditional=false"));
        TinyRuns.Result ok = TinyRuns.run(args);
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(TinyRuns.run("sample", "--run", tmp.resolve("u2").toString(), "--class", "0", "--grid", tmp.resolve("y.png").toString())
                .err()).contains("model sagan is unconditional; drop --class");
        List<String> set = TinyRuns.tinySagan(shapes, tmp.resolve("u3"), "0.016");
        set.addAll(List.of("--set", "numClasses=3"));
        assertThat(TinyRuns.run(set).err()).contains("numClasses is set by the data");
    }

    @Test
    void conditionalMetricsWorkForConditionalModelsAndRefuseOthers() throws IOException {
        TinyRuns.Result few = TinyRuns.run("eval", "--run", run.toString(), "--metrics", "intra-fid", "--num", "32", "--data", shapes.toString());
        assertThat(few.code()).isEqualTo(2);
        assertThat(few.err()).contains("intra-fid needs at least 50 images per class, but --num 32 over 2 classes gives 16");
        TinyRuns.Result acc = TinyRuns.run("eval", "--run", run.toString(), "--metrics", "cond-acc", "--num", "32");
        assertThat(acc.code()).isEqualTo(2);
        assertThat(acc.err()).contains("cond-acc needs a classifier of the model's 2 classes, but the feature network")
                .contains("classifies into 10");
        Path progan = tmp.resolve("progan");
        assertThat(TinyRuns.run(TinyRuns.tinyProGan(TinyRuns.fashionSubset(tmp, 64), progan, "0.032")).code()).isZero();
        assertThat(TinyRuns.run("eval", "--run", progan.toString(), "--metrics", "fid,cond-acc", "--num", "32").err())
                .contains("cond-acc measure class-conditional models; this model is unconditional");
    }
}
