package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gen4j.io.SafeTensors;
import org.gen4j.io.TorchPickle;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gen4j export}: an imported official network exported again gives back the official
 * G_ema's tensors under their own names, exactly; and, where Python with PyTorch and the official
 * code are at hand ({@code SG3_REPO} or {@code SG2_REPO}), the documented snippet loads the export
 * into the official Generator, which renders gen4j's images.
 */
class ExportCommandTest {

    @TempDir
    Path tmp;

    Path imported() throws Exception {
        Path run = tmp.resolve("run");
        TinyRuns.Result r = TinyRuns.run("import", "--from", "stylegan2-ada", ImportCommandTest.fixture("stylegan2-gray8.pkl").toString(),
                "--out", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return run;
    }

    @Test
    void anImportedNetworkExportsBackToTheOfficialTensors() throws Exception {
        Path run = imported(), out = tmp.resolve("G.safetensors");
        TinyRuns.Result r = TinyRuns.run("export", "--run", run.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        TorchPickle.PersistentObject gEma = (TorchPickle.PersistentObject) ((Map<?, ?>) TorchPickle.read(
                ImportCommandTest.fixture("stylegan2-gray8.pkl"))).get("G_ema");
        Map<String, TorchPickle.Tensor> official = TorchPickle.stateDict(gEma);
        official.keySet().removeIf(k -> k.endsWith("resample_filter"));
        try (NDManager m = NDManager.newBaseManager()) {
            SafeTensors.Contents c = SafeTensors.read(out, m);
            assertThat(c.tensors().keySet()).containsExactlyInAnyOrderElementsOf(official.keySet());
            for (Map.Entry<String, TorchPickle.Tensor> e : official.entrySet()) {
                NDArray t = c.tensors().get(e.getKey());
                assertThat(t.getShape().getShape()).as(e.getKey()).containsExactly(e.getValue().shape());
                assertThat(t.toFloatArray()).as(e.getKey()).containsExactly(e.getValue().data());
            }
            assertThat(c.metadata()).containsEntry("model", "stylegan2").containsKey("init_kwargs");
        }
        assertThat(TinyRuns.run("export", "--run", run.toString(), "--out", tmp.resolve("G.bin").toString()).err())
                .contains("must name a .safetensors file");
    }

    @Test
    void theDocumentedSnippetRendersGen4jsImagesWithTheOfficialGenerator() throws Exception {
        String repo = System.getenv("SG2_REPO") != null ? System.getenv("SG2_REPO") : System.getenv("SG3_REPO");
        Assumptions.assumeTrue(repo != null && Files.isDirectory(Path.of(repo)),
                "set SG3_REPO (NVlabs/stylegan3) or SG2_REPO (stylegan2-ada-pytorch) to run the snippet against the official code");
        Path run = imported(), out = tmp.resolve("G.safetensors"), ours = tmp.resolve("ours.npy"), theirs = tmp.resolve("theirs.npy");
        Path z = ImportCommandTest.fixture("stylegan2-gray8-z.npy");
        assertThat(TinyRuns.run("export", "--run", run.toString(), "--out", out.toString()).code()).isZero();
        assertThat(TinyRuns.run("sample", "--run", run.toString(), "--latents", z.toString(), "--npy", ours.toString()).code()).isZero();
        Path snippet = Path.of("docs/snippets/stylegan2_from_safetensors.py").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3", snippet.toString(), out.toString(), z.toString(), theirs.toString())
                .redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", repo);
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(log).isZero();
        assertThat(ImportCommandTest.maxAbsDifference(ours, theirs)).as(log).isLessThan(1e-4);
    }
}
