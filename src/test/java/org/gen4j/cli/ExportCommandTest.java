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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

    /** The fixture {@code name} imported as a run. */
    Path imported(String name) throws Exception {
        Path run = tmp.resolve("run-" + name);
        TinyRuns.Result r = TinyRuns.run("import", "--from", name.startsWith("stylegan3") ? "stylegan3" : "stylegan2-ada",
                ImportCommandTest.fixture(name + ".pkl").toString(), "--out", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return run;
    }

    @ParameterizedTest
    @ValueSource(strings = {"stylegan2-gray8", "stylegan3r-gray16", "stylegan2-cond16"})
    void anImportedNetworkExportsBackToTheOfficialTensors(String name) throws Exception {
        Path run = imported(name), out = tmp.resolve("G.safetensors");
        TinyRuns.Result r = TinyRuns.run("export", "--run", run.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        TorchPickle.PersistentObject gEma = (TorchPickle.PersistentObject) ((Map<?, ?>) TorchPickle.read(
                ImportCommandTest.fixture(name + ".pkl"))).get("G_ema");
        Map<String, TorchPickle.Tensor> official = TorchPickle.stateDict(gEma);
        official.keySet().removeIf(k -> k.endsWith("_filter") || k.equals("synthesis.input.transform"));
        try (NDManager m = NDManager.newBaseManager()) {
            SafeTensors.Contents c = SafeTensors.read(out, m);
            assertThat(c.tensors().keySet()).containsExactlyInAnyOrderElementsOf(official.keySet());
            for (Map.Entry<String, TorchPickle.Tensor> e : official.entrySet()) {
                NDArray t = c.tensors().get(e.getKey());
                assertThat(t.getShape().getShape()).as(e.getKey()).containsExactly(e.getValue().shape());
                assertThat(t.toFloatArray()).as(e.getKey()).containsExactly(e.getValue().data());
            }
            assertThat(c.metadata()).containsEntry("model", name.startsWith("stylegan3") ? "stylegan3" : "stylegan2").containsKey("init_kwargs");
        }
    }

    @Test
    void exportRefusesAnOutputThatIsNotSafetensors() throws Exception {
        assertThat(TinyRuns.run("export", "--run", imported("stylegan2-gray8").toString(), "--out", tmp.resolve("G.bin").toString()).err())
                .contains("must name a .safetensors file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stylegan2-gray8", "stylegan3t-rgb16", "stylegan2-cond16", "stylegan3t-cond16"})
    void theDocumentedSnippetRendersGen4jsImagesWithTheOfficialGenerator(String name) throws Exception {
        String repo = name.startsWith("stylegan3") || System.getenv("SG2_REPO") == null ? System.getenv("SG3_REPO") : System.getenv("SG2_REPO");
        Assumptions.assumeTrue(repo != null && Files.isDirectory(Path.of(repo)),
                "set SG3_REPO (NVlabs/stylegan3; SG2_REPO, stylegan2-ada-pytorch, serves StyleGAN2) to run the snippet against the official code");
        Path run = imported(name), out = tmp.resolve("G.safetensors"), ours = tmp.resolve("ours.npy"), theirs = tmp.resolve("theirs.npy");
        Path z = ImportCommandTest.fixture(name + "-z.npy");
        assertThat(TinyRuns.run("export", "--run", run.toString(), "--out", out.toString()).code()).isZero();
        boolean conditional = name.contains("cond");
        java.util.List<String> sample = new java.util.ArrayList<>(java.util.List.of("sample", "--run", run.toString(), "--latents",
                z.toString(), "--npy", ours.toString()));
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(Files.isExecutable(Path.of("/usr/bin/python3"))
                ? "/usr/bin/python3" : "python3", Path.of("docs/snippets/stylegan_from_safetensors.py").toAbsolutePath().toString(),
                out.toString(), z.toString(), theirs.toString()));
        if (conditional) { // the class of each latent, for gen4j and the official Generator alike
            String labels = ImportCommandTest.fixture(name + "-c.npy").toString();
            sample.addAll(java.util.List.of("--labels", labels));
            command.add(labels);
        }
        TinyRuns.Result r = TinyRuns.run(sample);
        assertThat(r.code()).as(r.err()).isZero();
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", repo);
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(log).isZero();
        assertThat(ImportCommandTest.maxAbsDifference(ours, theirs)).as(log).isLessThan(1e-4);
    }
}
