package org.gen4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.gen4j.Gen4jException;
import org.gen4j.io.AtomicFiles;
import org.gen4j.io.SafeTensors;

/**
 * Checkpoints: {@code ckpt-<images>.safetensors} (every tensor of the model's state) plus
 * {@code ckpt-<images>.json} (step, images seen, seed, the run configuration, the model's
 * non-tensor state, and the size and CRC-32C of the tensor file).
 *
 * <p>The tensor file is written first and the JSON last, each atomically; the JSON is the commit
 * record, so a checkpoint without one never counts. Reading verifies the size and checksum, and
 * a corrupt checkpoint is reported by file name together with the newest intact older one.
 */
public final class Checkpoints {

    /** Format marker in the JSON state. */
    public static final String FORMAT = "gen4j-checkpoint-1";

    private static final Pattern NAME = Pattern.compile("ckpt-(\\d+)\\.json");

    private Checkpoints() {}

    /** A checkpoint's JSON state and where its tensors are. */
    public record Info(Path json, Path tensors, long step, long imagesSeen, JsonObject state) {

        /** The run configuration stored in the checkpoint. */
        public JsonObject runConfig() {
            return state.getAsJsonObject("run");
        }

        public JsonObject modelState() {
            return state.getAsJsonObject("modelState");
        }
    }

    /** Writes a checkpoint of {@code model} into {@code dir} and returns its JSON path. */
    public static Path write(Path dir, TrainableModel model, RunConfig run, long step, long imagesSeen) throws IOException {
        Map<String, NDArray> tensors = model.stateTensors();
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            if (!allFinite(e.getValue())) {
                throw new Gen4jException("not writing a checkpoint at " + kimg(imagesSeen) + " kimg: tensor '" + e.getKey()
                        + "' holds NaN or infinite values, so training has diverged.");
            }
        }
        String base = String.format("ckpt-%010d", imagesSeen);
        Path tensorFile = dir.resolve(base + ".safetensors");
        long[] sizeAndCrc = new long[2];
        AtomicFiles.write(tensorFile, out -> {
            CheckedOutputStream checked = new CheckedOutputStream(out, new CRC32C());
            sizeAndCrc[0] = SafeTensors.write(checked, tensors, Map.of("format", FORMAT));
            checked.flush();
            sizeAndCrc[1] = checked.getChecksum().getValue();
        });
        JsonObject state = new JsonObject();
        state.addProperty("format", FORMAT);
        state.addProperty("step", step);
        state.addProperty("imagesSeen", imagesSeen);
        state.addProperty("tensors", tensorFile.getFileName().toString());
        state.addProperty("tensorsBytes", sizeAndCrc[0]);
        state.addProperty("tensorsCrc32c", Long.toHexString(sizeAndCrc[1]));
        state.add("run", run.toJson());
        state.add("modelState", model.stateJson());
        Path json = dir.resolve(base + ".json");
        try {
            AtomicFiles.write(json, new GsonBuilder().setPrettyPrinting().create().toJson(state).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            Files.deleteIfExists(tensorFile); // without its commit record the tensors are garbage
            throw e;
        }
        return json;
    }

    private static boolean allFinite(NDArray x) {
        try (NDArray bad = x.isNaN().logicalOr(x.isInfinite()).any()) {
            return !bad.getBoolean();
        }
    }

    static String kimg(long images) {
        return String.format("%.1f", images / 1000.0);
    }

    /** Checkpoint JSON files in {@code dir}, oldest first. */
    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }

    /** A checkpoint's record: {@code file} itself, or the {@code ckpt-*.json} beside a {@code ckpt-*.safetensors}. */
    public static Path record(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".safetensors") ? file.resolveSibling(name.substring(0, name.length() - ".safetensors".length()) + ".json") : file;
    }

    /** Deletes all but the newest {@code keep} checkpoints, and tensor files no JSON refers to. */
    public static void prune(Path dir, int keep) throws IOException {
        List<Path> all = list(dir);
        for (int i = 0; i < all.size() - keep; i++) {
            Files.deleteIfExists(all.get(i));
        }
        List<String> live = new ArrayList<>();
        for (Path p : list(dir)) {
            live.add(p.getFileName().toString().replace(".json", ".safetensors"));
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".safetensors") && !live.contains(n)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Reads and verifies the checkpoint {@code json} (its tensor file must match the recorded size
     * and checksum).
     *
     * @throws Gen4jException naming the corrupt file and, when there is one, the newest intact
     *     older checkpoint to resume from instead
     */
    public static Info verify(Path json) {
        try {
            return verifyOne(json);
        } catch (Gen4jException e) {
            Path older = newestIntactBefore(json);
            throw new Gen4jException(e.getMessage().replaceAll("\\.$", "")
                    + (older == null ? "; no older intact checkpoint exists."
                            : "; the previous checkpoint " + older + " is intact: pass --resume " + older + " to continue from it."));
        }
    }

    private static Path newestIntactBefore(Path json) {
        try {
            List<Path> all = list(json.toAbsolutePath().getParent());
            for (int i = all.size() - 1; i >= 0; i--) {
                Path p = all.get(i);
                if (p.getFileName().toString().compareTo(json.getFileName().toString()) < 0) {
                    try {
                        verifyOne(p);
                        return p;
                    } catch (Gen4jException ignored) {
                        // keep looking further back
                    }
                }
            }
        } catch (IOException ignored) {
            // no alternative to offer
        }
        return null;
    }

    private static Info verifyOne(Path json) {
        JsonObject state;
        try {
            state = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        } catch (IOException e) {
            throw new Gen4jException("cannot read checkpoint " + json + ": " + e.getMessage() + ".");
        } catch (RuntimeException e) {
            throw new Gen4jException("checkpoint " + json + " is corrupt: it is not valid JSON.");
        }
        if (!state.has("format") || !FORMAT.equals(state.get("format").getAsString())) {
            throw new Gen4jException("checkpoint " + json + " is not a " + FORMAT + " file.");
        }
        Path tensors = json.resolveSibling(state.get("tensors").getAsString());
        long expectedBytes = state.get("tensorsBytes").getAsLong();
        long expectedCrc = Long.parseUnsignedLong(state.get("tensorsCrc32c").getAsString(), 16);
        try {
            if (!Files.isRegularFile(tensors)) {
                throw new Gen4jException("checkpoint " + json + " refers to " + tensors + ", which is missing.");
            }
            long size = Files.size(tensors);
            if (size != expectedBytes) {
                throw new Gen4jException("checkpoint file " + tensors + " is truncated or corrupt: it has " + size
                        + " bytes, " + expectedBytes + " were written.");
            }
            CRC32C crc = new CRC32C();
            try (InputStream in = Files.newInputStream(tensors)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0;) {
                    crc.update(buf, 0, n);
                }
            }
            if (crc.getValue() != expectedCrc) {
                throw new Gen4jException("checkpoint file " + tensors + " is corrupt: its checksum does not match the one recorded in "
                        + json.getFileName() + ".");
            }
        } catch (IOException e) {
            throw new Gen4jException("cannot read checkpoint file " + tensors + ": " + e.getMessage() + ".");
        }
        return new Info(json, tensors, state.get("step").getAsLong(), state.get("imagesSeen").getAsLong(), state);
    }

    /** The newest checkpoint in {@code dir}, verified. */
    public static Info latest(Path dir) {
        List<Path> all;
        try {
            all = list(dir);
        } catch (IOException e) {
            throw new Gen4jException("cannot list checkpoints in " + dir + ": " + e.getMessage() + ".");
        }
        Gen4jException.check(!all.isEmpty(), "%s holds no checkpoint (ckpt-*.json).", dir);
        return verify(all.get(all.size() - 1));
    }

    /** Loads a verified checkpoint's tensors into {@code model} along with its JSON state. */
    public static void load(Info info, TrainableModel model, NDManager scratch) {
        SafeTensors.Contents contents = SafeTensors.read(info.tensors(), scratch);
        try {
            model.loadState(contents.tensors(), info.modelState());
        } catch (IllegalArgumentException e) {
            throw new Gen4jException("checkpoint " + info.tensors() + " does not fit this model: " + e.getMessage() + ".");
        } finally {
            contents.tensors().values().forEach(NDArray::close);
        }
    }
}
