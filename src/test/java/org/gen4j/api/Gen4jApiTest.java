package org.gen4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.gen4j.Gen4jException;
import org.gen4j.cli.Main;
import org.gen4j.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API: open a run, generate what {@code gen4j sample} generates, refuse bad requests in one sentence. */
class Gen4jApiTest {

    @TempDir
    Path tmp;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(Gen4jApiTest.class.getResource("/interop/" + name).toURI());
    }

    /** A run of the imported official fixture network (8x8 grayscale StyleGAN2). */
    Path run() throws URISyntaxException {
        Path run = tmp.resolve("run");
        int code = Main.execute(new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()),
                "import", "--from", "stylegan2-ada", fixture("stylegan2-gray8.pkl").toString(), "--out", run.toString());
        assertThat(code).isZero();
        return run;
    }

    @Test
    void generateGivesWhatSampleWritesForTheSameSeeds() throws Exception {
        Path run = run();
        Path npy = tmp.resolve("sample.npy");
        int code = Main.execute(new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()),
                "sample", "--run", run.toString(), "--seeds", "3,5,8", "--truncation", "0.7", "--npy", npy.toString());
        assertThat(code).isZero();
        try (TrainedModel m = Gen4j.open(run)) {
            assertThat(m.modelName()).isEqualTo("stylegan2");
            assertThat(m.classNames()).isEmpty();
            Images images = m.generate(new long[] {3, 5, 8}, null, 0.7);
            assertThat(images.shape()).containsExactly(3, 1, 8, 8);
            assertThat(images.values()).containsExactly(Npy.read(npy).floats("sample"));
            BufferedImage first = images.image(0);
            assertThat(first.getWidth()).isEqualTo(8);
            assertThat(first.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        }
    }

    TrainRequest tinyProGan(Path data, Path out, double kimg) {
        TrainRequest r = TrainRequest.model("progan").data(data.toString()).resolution(8).batch(8).kimg(kimg).out(out)
                .reporting(0.008, 0.032, 0.032, null, 4);
        for (String s : new String[] {"latentDim=8", "fmapBase=64", "fmapMax=8", "stableKimg=0.032", "fadeKimg=0.032"}) {
            r.set(s);
        }
        return r;
    }

    @Test
    void trainReportsEveryMetricsLineToItsListenerAndResumes() throws Exception {
        Path data = org.gen4j.cli.TinyRuns.fashionSubset(tmp, 64), out = tmp.resolve("progan");
        java.util.List<com.google.gson.JsonObject> lines = new java.util.ArrayList<>();
        java.io.StringWriter log = new java.io.StringWriter();
        org.gen4j.train.TrainingLoop.Result r = Gen4j.train(tinyProGan(data, out, 0.032), new java.io.PrintWriter(log, true), false, lines::add);
        assertThat(r.imagesSeen()).isEqualTo(32);
        assertThat(r.interrupted()).isFalse();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(3).get("kimg").getAsDouble()).isEqualTo(0.032);
        assertThat(lines.get(3).has("loss_D")).isTrue();
        assertThat(java.nio.file.Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(4);
        assertThat(log.toString()).contains("training progan (cpu preset)");
        lines.clear();
        r = Gen4j.train(TrainRequest.resume(out).kimg(0.048), new java.io.PrintWriter(java.io.Writer.nullWriter()), false, lines::add);
        assertThat(r.imagesSeen()).isEqualTo(48);
        assertThat(lines).hasSize(2);
        assertThatThrownBy(() -> Gen4j.train(TrainRequest.resume(out).data("elsewhere"), new java.io.PrintWriter(java.io.Writer.nullWriter()),
                false, line -> {})).hasMessageContaining("--data elsewhere (run: " + data + ")");
    }

    @Test
    void badRequestsAreRefusedInOneSentence() throws Exception {
        assertThatThrownBy(() -> Gen4j.open(tmp.resolve("missing"))).isInstanceOf(Gen4jException.class).hasMessageEndingWith("missing does not exist.");
        try (TrainedModel m = Gen4j.open(run())) {
            assertThatThrownBy(() -> m.generate(new long[] {1}, new int[] {0}, null)).hasMessage("model stylegan2 is unconditional; it takes no classes.");
            assertThatThrownBy(() -> m.generate(new long[] {1}, null, 2.0)).hasMessageContaining("is outside [0, 1]");
        }
    }
}
