package org.gen4j.studio;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gen4j.train.Checkpoints;
import org.gen4j.train.RunLock;

/**
 * The run folders under the studio's runs folder, read-only. Every name a request gives (a run, a
 * sample grid, a checkpoint) is checked against a plain-name pattern and resolved inside the runs
 * folder, symbolic links followed: a name that is not plain ({@code ../x}, an absolute path) or that
 * leads out of the folder is answered 404, as if it did not exist.
 */
final class RunStore {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern GRID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\.png");
    private static final Pattern CHECKPOINT = Pattern.compile("ckpt-[0-9]{1,19}\\.json");
    /** metrics.jsonl lines returned per request at most; the page asks again from where it stopped. */
    static final int MAX_LINES = 5000;

    private final Path root;
    private final Path realRoot;

    RunStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
    }

    Path root() {
        return root;
    }

    /** The runs: folders directly under the root holding a config.json, sorted by name. */
    List<String> names() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (NAME.matcher(name).matches() && inside(p) && Files.isRegularFile(p.resolve("config.json")) && inside(p.resolve("config.json"))) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    /** The folder of run {@code name}, or 404. */
    Path run(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw StudioException.notFound("there is no run '%s' in the runs folder.", clip(name));
        }
        Path p = root.resolve(name);
        if (!Files.isDirectory(p) || !inside(p) || !Files.isRegularFile(p.resolve("config.json")) || !inside(p.resolve("config.json"))) {
            throw StudioException.notFound("there is no run '%s' in the runs folder.", name);
        }
        return p;
    }

    /** A sample grid of a run, or 404. */
    Path grid(String run, String file) {
        Path dir = run(run).resolve("samples");
        if (file == null || !GRID.matcher(file).matches()) {
            throw StudioException.notFound("run %s has no sample grid '%s'.", run, clip(file));
        }
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p) || !inside(p)) {
            throw StudioException.notFound("run %s has no sample grid '%s'.", run, file);
        }
        return p;
    }

    /** A checkpoint record of a run, or its newest when {@code name} is null; 404 when there is none. */
    Path checkpoint(String run, String name) throws IOException {
        Path dir = run(run).resolve("checkpoints");
        if (name == null) {
            List<Path> all = Checkpoints.list(dir);
            if (all.isEmpty()) {
                throw StudioException.notFound("run %s has no checkpoint yet; it writes one every --checkpoint-kimg.", run);
            }
            Path newest = all.get(all.size() - 1);
            if (!inside(newest)) {
                throw StudioException.notFound("run %s has no checkpoint inside the runs folder.", run);
            }
            return newest;
        }
        if (!CHECKPOINT.matcher(name).matches()) {
            throw StudioException.notFound("run %s has no checkpoint '%s' (names look like ckpt-0000010000.json).", run, clip(name));
        }
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p) || !inside(p)) {
            throw StudioException.notFound("run %s has no checkpoint '%s'.", run, name);
        }
        return p;
    }

    /** Whether {@code p}, symbolic links followed, lies inside the runs folder. */
    private boolean inside(Path p) {
        try {
            return p.toRealPath().startsWith(realRoot) && p.normalize().startsWith(root);
        } catch (IOException e) {
            return false;
        }
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 60 ? t.substring(0, 60) + "..." : t;
    }

    /** A run's summary for the runs list: model, data, images seen, latest metrics, whether it trains now. */
    JsonObject summary(String name) throws IOException {
        Path dir = run(name);
        JsonObject config = config(name);
        JsonObject out = new JsonObject();
        out.addProperty("name", name);
        out.addProperty("model", string(config, "model"));
        out.addProperty("preset", string(config, "preset"));
        out.addProperty("data", string(config, "data"));
        out.add("classNames", config.has("classNames") ? config.get("classNames") : new JsonArray());
        JsonObject last = inside(dir.resolve("metrics.jsonl")) ? lastLine(dir.resolve("metrics.jsonl")) : null;
        out.addProperty("imagesSeen", last != null && last.has("imagesSeen") ? last.get("imagesSeen").getAsLong() : 0);
        out.add("latest", last == null ? new JsonObject() : last);
        out.addProperty("training", RunLock.isHeld(dir));
        out.addProperty("checkpoints", Checkpoints.list(dir.resolve("checkpoints")).size());
        out.addProperty("grids", grids(name).size());
        return out;
    }

    /** The run's resolved configuration, config.json. */
    JsonObject config(String name) throws IOException {
        Path file = run(name).resolve("config.json");
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonSyntaxException | IllegalStateException e) {
            throw new StudioException(500, "run " + name + " has a config.json that is not a JSON object.");
        }
    }

    /** The sample grids of a run in the order they were written (reals first when present). */
    List<String> grids(String name) throws IOException {
        Path dir = run(name).resolve("samples");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> GRID.matcher(n).matches() && n.startsWith("fakes-")).sorted().toList();
        }
    }

    /** Checkpoint record names of a run, oldest first. */
    List<String> checkpoints(String name) throws IOException {
        return Checkpoints.list(run(name).resolve("checkpoints")).stream().map(p -> p.getFileName().toString()).toList();
    }

    /**
     * metrics.jsonl lines from line {@code from} (0-based) on, at most {@link #MAX_LINES}; a last
     * line still being written (no newline yet) is left for the next request.
     *
     * @return {@code {"lines": [...], "next": N}}, {@code next} being where to ask from next time
     */
    JsonObject metrics(String name, int from) throws IOException {
        Path file = run(name).resolve("metrics.jsonl");
        JsonArray lines = new JsonArray();
        int next = from;
        if (Files.isRegularFile(file) && inside(file)) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int index = 0, pos = 0;
            while (pos < text.length()) {
                int nl = text.indexOf('\n', pos);
                if (nl < 0) {
                    break; // a line being appended: wait for its newline
                }
                if (index >= from && lines.size() < MAX_LINES) {
                    String line = text.substring(pos, nl).strip();
                    if (!line.isEmpty()) {
                        try {
                            JsonElement e = JsonParser.parseString(line);
                            if (e.isJsonObject()) {
                                lines.add(e);
                            }
                        } catch (JsonSyntaxException e) {
                            // a damaged line is skipped, as a plot would skip it
                        }
                    }
                    next = index + 1;
                }
                index++;
                pos = nl + 1;
            }
        }
        JsonObject out = new JsonObject();
        out.add("lines", lines);
        out.addProperty("next", next);
        return out;
    }

    /** The last complete line of a JSONL file, or null. */
    private static JsonObject lastLine(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.min(len, 64 * 1024);
            byte[] tail = new byte[n];
            f.seek(len - n);
            f.readFully(tail);
            String text = new String(tail, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return null;
            }
            int start = text.lastIndexOf('\n', end - 1) + 1;
            JsonElement e = JsonParser.parseString(text.substring(start, end));
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String string(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : "";
    }
}
