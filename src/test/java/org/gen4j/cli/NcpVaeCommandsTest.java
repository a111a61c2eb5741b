package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NCP-VAE through the command line: a tiny VDVAE, NCP-VAE on it, sampling by SIR and Langevin dynamics, and bad input. */
class NcpVaeCommandsTest {

    @TempDir
    static Path tmp;
    static Path vdvae, ncp, data;

    static List<String> ncpTrain(Path base, Path out) {
        return new ArrayList<>(List.of("train", "--model", "ncpvae", "--base", base.toString(), "--data", data.toString(), "--resolution", "8",
                "--batch", "8", "--kimg", "0.016", "--out", out.toString(), "--no-progress", "--set", "hidden=4", "--set", "proposals=3",
                "--set", "langevinSteps=2", "--tick-kimg", "0.008", "--snapshot-kimg", "0.016", "--checkpoint-kimg", "0.016", "--grid", "4"));
    }

    @BeforeAll
    static void trainATinyVdvaeAndNcpVaeOnIt() throws IOException {
        data = TinyRuns.fashionSubset(tmp, 16);
        vdvae = tmp.resolve("vdvae");
        TinyRuns.Result r = TinyRuns.run(TinyRuns.tinyVdvae(data, vdvae, "0.016"));
        assertThat(r.code()).as(r.err()).isZero();
        ncp = tmp.resolve("ncp");
        r = TinyRuns.run(ncpTrain(vdvae, ncp));
        assertThat(r.code()).as(r.err()).isZero();
        String metrics = Files.readString(ncp.resolve("metrics.jsonl"));
        assertThat(metrics).contains("\"loss\"").contains("\"acc\"");
        assertThat(Files.readString(ncp.resolve("config.json"))).contains(vdvae.toAbsolutePath().toString());
    }

    @Test
    void sampleWithBothSamplersAndTheBasePrior() throws IOException {
        Path sir = tmp.resolve("sir.png"), langevin = tmp.resolve("langevin.png"), prior = tmp.resolve("prior.png"),
                base = tmp.resolve("base.png");
        TinyRuns.Result r = TinyRuns.run("sample", "--run", ncp.toString(), "--seeds", "0-3", "--grid", sir.toString(), "--sampler", "sir",
                "--proposals", "4");
        assertThat(r.code()).as(r.err()).isZero();
        r = TinyRuns.run("sample", "--run", ncp.toString(), "--seeds", "0-3", "--grid", langevin.toString(), "--sampler", "langevin",
                "--langevin-steps", "3", "--langevin-step-size", "0.05");
        assertThat(r.code()).as(r.err()).isZero();
        r = TinyRuns.run("sample", "--run", ncp.toString(), "--seeds", "0-3", "--grid", prior.toString(), "--sampler", "prior");
        assertThat(r.code()).as(r.err()).isZero();
        r = TinyRuns.run("sample", "--run", vdvae.toString(), "--seeds", "0-3", "--grid", base.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // the base prior alone is the VDVAE's own sample of the same seed; the reweighted samplers move away from it
        assertThat(Files.readAllBytes(prior)).isEqualTo(Files.readAllBytes(base));
        assertThat(Files.readAllBytes(sir)).isNotEqualTo(Files.readAllBytes(base));
        assertThat(Files.readAllBytes(langevin)).isNotEqualTo(Files.readAllBytes(base));
    }

    @Test
    void aResumedRunContinuesFromItsCheckpoint() throws IOException {
        Path copy = tmp.resolve("ncp-resumed");
        TinyRuns.Result r = TinyRuns.run(ncpTrain(vdvae, copy));
        assertThat(r.code()).as(r.err()).isZero();
        r = TinyRuns.run("train", "--resume", copy.toString(), "--kimg", "0.032", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("resuming").contains("at 0.0 kimg (step 2)");
        assertThat(Files.readAllLines(copy.resolve("metrics.jsonl"))).hasSize(4);
    }

    @Test
    void badInputIsOneSentenceEach() {
        Path png = tmp.resolve("bad.png");
        TinyRuns.Result r = TinyRuns.run(ncpTrain(tmp.resolve("no-such-run"), tmp.resolve("bad1")));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("does not exist; --base takes the run folder of a trained VDVAE.");
        assertThat(Files.exists(tmp.resolve("bad1"))).isFalse();
        r = TinyRuns.run(ncpTrain(ncp, tmp.resolve("bad2")));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is a ncpvae run, not a VDVAE run");
        r = TinyRuns.run("train", "--model", "wgan", "--base", vdvae.toString(), "--data", data.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("model wgan takes none; drop --base.");
        r = TinyRuns.run("sample", "--run", ncp.toString(), "--grid", png.toString(), "--sampler", "gibbs");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown sampler 'gibbs'; accepted: prior, sir, langevin.");
        r = TinyRuns.run("sample", "--run", ncp.toString(), "--grid", png.toString(), "--proposals", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--proposals");
        r = TinyRuns.run("sample", "--run", ncp.toString(), "--grid", png.toString(), "--langevin-steps", "-1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--langevin-steps");
        r = TinyRuns.run("eval", "--run", ncp.toString(), "--metrics", "fid", "--sampler", "gibbs");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown sampler 'gibbs'");
        r = TinyRuns.run("sample", "--run", vdvae.toString(), "--grid", png.toString(), "--sampler", "sir");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("model vdvae has no reweighted prior to sample");
        assertThat(Files.exists(png)).isFalse();
    }
}
