package org.gen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --augment}: recorded in the run, ADA's p logged, checkpointed and restored exactly. */
class AugmentCommandTest {

    @TempDir
    static Path tmp;

    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = TinyRuns.fashionSubset(tmp, 64);
    }

    private static List<String> tinyAda(Path out, String kimg) {
        List<String> args = TinyRuns.tinyProGan(data, out, kimg);
        // a low target, so that p rises from 0 and the comparison below is not of zeros
        args.addAll(List.of("--augment", "ada", "--ada-target", "0.05"));
        return args;
    }

    @Test
    void resumeRestoresAdasProbabilityExactly() throws IOException {
        Path whole = tmp.resolve("whole"), split = tmp.resolve("split");
        TinyRuns.Result w = TinyRuns.run(tinyAda(whole, "0.128"));
        assertThat(w.code()).as(w.err()).isZero();
        assertThat(w.out()).contains("augment ada=blit,geom,color (target 0.05)");
        assertThat(TinyRuns.run(tinyAda(split, "0.064")).code()).isZero();
        TinyRuns.Result r = TinyRuns.run("train", "--resume", split.toString(), "--kimg", "0.128", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("augment ada=blit,geom,color");
        JsonObject train = JsonParser.parseString(Files.readString(split.resolve("config.json"))).getAsJsonObject().getAsJsonObject("train");
        assertThat(train.get("augment").getAsString()).isEqualTo("ada=blit,geom,color");
        assertThat(train.get("adaTarget").getAsDouble()).isEqualTo(0.05);
        List<JsonObject> a = TrainCommandTest.metrics(whole), b = TrainCommandTest.metrics(split);
        assertThat(b).hasSize(a.size());
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).get("augment_p").getAsDouble()).as("p at line %d", i).isEqualTo(a.get(i).get("augment_p").getAsDouble());
            assertThat(b.get(i).get("loss_D").getAsDouble()).as("loss_D at line %d", i)
                    .isCloseTo(a.get(i).get("loss_D").getAsDouble(), org.assertj.core.data.Offset.offset(1e-4));
        }
        assertThat(a.get(a.size() - 1).get("augment_p").getAsDouble()).isPositive();
        JsonObject last = JsonParser.parseString(Files.readString(whole.resolve("checkpoints/ckpt-0000000128.json"))).getAsJsonObject();
        JsonObject lastSplit = JsonParser.parseString(Files.readString(split.resolve("checkpoints/ckpt-0000000128.json"))).getAsJsonObject();
        assertThat(lastSplit.toString()).contains("\"ada\"");
        assertThat(find(lastSplit, "ada")).isEqualTo(find(last, "ada"));
        // a resumed run keeps its augmentation and refuses another
        TinyRuns.Result other = TinyRuns.run("train", "--resume", split.toString(), "--kimg", "0.2", "--augment", "diffaug");
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("--augment diffaug (run: ada=blit,geom,color)");
    }

    /** The JSON object named {@code key} anywhere in {@code o}. */
    private static JsonObject find(JsonObject o, String key) {
        for (var e : o.entrySet()) {
            if (e.getKey().equals(key) && e.getValue().isJsonObject()) {
                return e.getValue().getAsJsonObject();
            }
            if (e.getValue().isJsonObject()) {
                JsonObject f = find(e.getValue().getAsJsonObject(), key);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    @Test
    void diffAugmentRunsAndIsRecorded() throws IOException {
        Path run = tmp.resolve("diffaug");
        List<String> args = TinyRuns.tinyStyleGan(data, run, "0.064");
        args.addAll(List.of("--augment", "diffaug=translation,cutout"));
        TinyRuns.Result r = TinyRuns.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        JsonObject train = JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject().getAsJsonObject("train");
        assertThat(train.get("augment").getAsString()).isEqualTo("diffaug=translation,cutout");
    }

    @Test
    void badValuesGetOneSentenceAndNothingIsWritten() {
        Path out = tmp.resolve("bad");
        TinyRuns.Result unknown = TinyRuns.run("train", "--data", data.toString(), "--augment", "mixup", "--out", out.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown --augment 'mixup'; accepted: none, diffaug[=color,translation,cutout], ada[=blit,geom,color].")
                .doesNotContain("Exception");
        assertThat(TinyRuns.run("train", "--data", data.toString(), "--augment", "diffaug=color,zoom", "--out", out.toString()).err())
                .contains("unknown DiffAugment policy 'zoom'; accepted: color, translation, cutout.");
        assertThat(TinyRuns.run("train", "--data", data.toString(), "--augment", "ada=noise", "--out", out.toString()).err())
                .contains("unknown ADA transform group 'noise'; accepted: blit, geom, color.");
        TinyRuns.Result target = TinyRuns.run("train", "--data", data.toString(), "--augment", "ada", "--ada-target", "1.2", "--out", out.toString());
        assertThat(target.code()).isEqualTo(2);
        assertThat(target.err()).contains("--ada-target must be between 0 and 1 (exclusive), got 1.2.");
        assertThat(TinyRuns.run("bench", "--model", "wgan", "--augment", "ada=flip").err()).contains("unknown ADA transform group 'flip'");
        assertThat(out).doesNotExist();
    }
}
