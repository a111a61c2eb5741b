package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import net.razorvine.pickle.Pickler;
import org.gen4j.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gen4j import --from stylegan2-ada}: an official network pickle (the fixture NVIDIA's code
 * made, see {@code src/test/resources/interop/make_fixtures.py}) becomes a run whose sample gives
 * the official images for the same latents, and which training resumes; bad pickles get one
 * sentence and leave no run behind.
 */
class ImportCommandTest {

    @TempDir
    Path tmp;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(ImportCommandTest.class.getResource("/interop/" + name).toURI());
    }

    @Test
    void anImportedRunSamplesTheOfficialImagesAndResumesTraining() throws Exception {
        Path data = TinyRuns.fashionSubset(tmp, 64);
        Path run = tmp.resolve("imported");
        TinyRuns.Result r = TinyRuns.run("import", "--from", "stylegan2-ada", fixture("stylegan2-gray8.pkl").toString(), "--out",
                run.toString(), "--data", data.toString(), "--kimg", "12");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("StyleGAN2 at 8x8, 1 channel, z 8, w 8, 2 mapping layers, at 12.0 kimg");
        Path out = tmp.resolve("images.npy");
        r = TinyRuns.run("sample", "--run", run.toString(), "--latents", fixture("stylegan2-gray8-z.npy").toString(), "--npy",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(maxAbsDifference(out, fixture("stylegan2-gray8-const.npy"))).isLessThan(1e-4);
        assertThat(maxAbsDifference(sample(run, "none"), fixture("stylegan2-gray8-none.npy"))).isLessThan(1e-4);
        Path random = sample(run, "random");
        assertThat(maxAbsDifference(random, fixture("stylegan2-gray8-const.npy"))).isGreaterThan(1e-3);
        r = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "1", "--noise-mode", "fresh", "--npy", out.toString());
        assertThat(r.err()).contains("--noise-mode must be const, random or none, got 'fresh'.");
        r = TinyRuns.run("train", "--resume", run.toString(), "--kimg", "12.064", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("resuming").contains("12.1 kimg");
    }

    @Test
    void anImportedStyleGan3RunSamplesTheOfficialImagesAndTakesTheInputTransform() throws Exception {
        Path run = tmp.resolve("sg3");
        TinyRuns.Result r = TinyRuns.run("import", "--from", "stylegan3", fixture("stylegan3r-gray16.pkl").toString(), "--out",
                run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("StyleGAN3 (config R) at 16x16, 1 channel, z 8, w 8, 2 mapping layers");
        Path out = tmp.resolve("sg3.npy");
        r = TinyRuns.run("sample", "--run", run.toString(), "--latents", fixture("stylegan3r-gray16-z.npy").toString(), "--npy",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(maxAbsDifference(out, fixture("stylegan3r-gray16-const.npy"))).isLessThan(1e-4);
        r = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "0-3", "--rotate", "30", "--grid", tmp.resolve("r.png").toString());
        assertThat(r.code()).as(r.err()).isZero();
        r = TinyRuns.run("sample", "--run", run.toString(), "--seeds", "0", "--noise-mode", "none", "--npy", out.toString());
        assertThat(r.err()).contains("has no per-pixel noise");
    }

    @Test
    void aBigGanPyTorchStateDictBecomesARunThatSamplesTheAuthorsImages() throws Exception {
        Path run = tmp.resolve("biggan");
        TinyRuns.Result r = TinyRuns.run("import", "--from", "torch", "--model", "biggan", fixture("biggan32-G_ema.pth").toString(),
                "--out", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("BigGAN at 32x32, 3 classes, z 16");
        Path out = tmp.resolve("biggan.npy");
        r = TinyRuns.run("sample", "--run", run.toString(), "--latents", fixture("biggan32-z.npy").toString(), "--labels",
                fixture("biggan32-c.npy").toString(), "--npy", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(maxAbsDifference(out, fixture("biggan32-images.npy"))).isLessThan(1e-4);
        assertThat(TinyRuns.run("import", "--from", "torch", fixture("biggan32-G_ema.pth").toString(), "--out", tmp.resolve("a").toString())
                .err()).contains("--from torch needs --model");
        assertThat(TinyRuns.run("import", "--from", "torch", "--model", "sagan", fixture("biggan32-G_ema.pth").toString(), "--out",
                tmp.resolve("b").toString()).err()).contains("--model sagan: gen4j reads torch state dicts of biggan");
        assertThat(TinyRuns.run("import", "--from", "torch", "--model", "biggan", fixture("stylegan2-gray8.pkl").toString(), "--out",
                tmp.resolve("c").toString()).err()).contains("is truncated or not a ZIP file");
        assertThat(tmp.resolve("c")).doesNotExist();
        r = TinyRuns.run("import", "--from", "torch", "--model", "biggan", fixture("biggan64-G_ema.pth").toString(), "--discriminator",
                fixture("biggan64-D.pth").toString(), "--out", tmp.resolve("d").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("BigGAN at 64x64, 3 classes, z 20").contains("D from ");
        r = TinyRuns.run("import", "--from", "torch", "--model", "biggan", fixture("biggan32-G_ema.pth").toString(), "--discriminator",
                fixture("biggan64-D.pth").toString(), "--out", tmp.resolve("e").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("has 5 blocks, but a 32x32 BigGAN discriminator has 4");
        assertThat(tmp.resolve("e")).doesNotExist();
        assertThat(TinyRuns.run("import", "--from", "stylegan2-ada", fixture("stylegan2-gray8.pkl").toString(), "--discriminator",
                fixture("biggan64-D.pth").toString(), "--out", tmp.resolve("f").toString()).err()).contains("--discriminator is for --from torch");
    }

    /** The imported run's images for the fixture's latents with {@code --noise-mode mode}. */
    Path sample(Path run, String mode) throws Exception {
        Path out = tmp.resolve("images-" + mode + ".npy");
        TinyRuns.Result r = TinyRuns.run("sample", "--run", run.toString(), "--latents", fixture("stylegan2-gray8-z.npy").toString(),
                "--noise-mode", mode, "--npy", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return out;
    }

    static double maxAbsDifference(Path a, Path b) {
        float[] x = Npy.read(a).floats(a.toString()), y = Npy.read(b).floats(b.toString());
        assertThat(x).hasSameSizeAs(y);
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }

    @Test
    void badPicklesGetOneSentenceAndLeaveNoRun() throws Exception {
        Path whole = fixture("stylegan2-rgb16.pkl");
        Path truncated = tmp.resolve("truncated.pkl");
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        Path other = tmp.resolve("other.pkl");
        Files.write(other, new Pickler().dumps(Map.of("weights", 1)));
        Path code = tmp.resolve("code.pkl");
        Files.write(code, "cos\nsystem\n(S'echo hi'\ntR.".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Map<Path, String> expected = Map.of(truncated, "truncated.pkl is truncated", other, "has no network 'G' (it holds: weights)",
                code, "it refers to os.system, which gen4j does not rebuild");
        for (Map.Entry<Path, String> e : expected.entrySet()) {
            Path run = tmp.resolve("run-" + e.getKey().getFileName());
            TinyRuns.Result r = TinyRuns.run("import", "--from", "stylegan2-ada", e.getKey().toString(), "--out", run.toString());
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains(e.getValue()).doesNotContain("\tat ");
            assertThat(run).doesNotExist();
        }
        TinyRuns.Result r = TinyRuns.run("import", "--from", "stylegan3", whole.toString(), "--out", tmp.resolve("x").toString());
        assertThat(r.err()).contains("holds a StyleGAN2 generator; use --from stylegan2-ada.");
        r = TinyRuns.run("import", "--from", "stylegan2-ada", fixture("stylegan3t-rgb16.pkl").toString(), "--out", tmp.resolve("y").toString());
        assertThat(r.err()).contains("holds a StyleGAN3 generator").contains("use --from stylegan3");
        r = TinyRuns.run("import", "--from", "stylegan4", whole.toString(), "--out", tmp.resolve("x").toString());
        assertThat(r.err()).contains("--from stylegan4 is not a format gen4j imports");
        Path existing = Files.createDirectories(tmp.resolve("existing"));
        r = TinyRuns.run("import", "--from", "stylegan2-ada", whole.toString(), "--out", existing.toString());
        assertThat(r.err()).contains("exists; give --force to replace it");
    }
}
