package org.gen4j.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.gen4j.Gen4jException;
import org.gen4j.io.AtomicFiles;

/**
 * A run's folder: {@code config.json} (the resolved {@link RunConfig}), {@code checkpoints/},
 * {@code samples/} (PNG grids at fixed seeds) and {@code metrics.jsonl} (one JSON object a line).
 */
public final class RunDirectory {

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path configFile() {
        return root.resolve("config.json");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path samples() {
        return root.resolve("samples");
    }

    public Path metrics() {
        return root.resolve("metrics.jsonl");
    }

    /** An existing run, for resuming or sampling. */
    public static RunDirectory open(Path root) {
        RunDirectory run = new RunDirectory(root);
        Gen4jException.check(Files.isRegularFile(run.configFile()),
                "%s is not a gen4j run: it has no config.json.", root);
        return run;
    }

    public RunConfig readConfig(Function<String, Class<? extends Record>> configTypes) {
        try {
            JsonObject o = JsonParser.parseString(Files.readString(configFile())).getAsJsonObject();
            return RunConfig.fromJson(o, configTypes, configFile().toString());
        } catch (IOException e) {
            throw new Gen4jException("cannot read " + configFile() + ": " + e.getMessage() + ".");
        } catch (IllegalStateException | com.google.gson.JsonParseException e) {
            throw new Gen4jException(configFile() + " is not valid JSON.");
        }
    }

    /**
     * Prepares {@code root} for a new run and returns it with the training lock held (release it
     * with {@link RunLock#close}, which the returned pair's caller owns). An existing run there is
     * refused, naming how its configuration differs, unless {@code force}, which deletes its
     * config, checkpoints, samples and metrics (nothing else) once no other process trains it.
     */
    public static Locked create(Path root, RunConfig config, boolean force,
            Function<String, Class<? extends Record>> configTypes) throws IOException {
        RunDirectory run = new RunDirectory(root);
        boolean existing = Files.isRegularFile(run.configFile());
        if (existing && !force) {
            RunConfig old = run.readConfig(configTypes);
            List<String> diff = old.differences(config);
            throw new Gen4jException(diff.isEmpty()
                    ? root + " already holds this run; pass --resume " + root + " to continue it or --force to start it over."
                    : root + " already holds a different run (" + String.join("; ", diff)
                            + "); pass --resume " + root + " to continue it, --force to replace it, or choose another --out.");
        }
        if (!existing && Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                // a lock file alone is what a run killed before writing its config leaves
                Gen4jException.check(s.allMatch(p -> p.getFileName().toString().equals(RunLock.FILE)),
                        "%s exists and is not a gen4j run (it has no config.json); choose an empty or new --out folder.", root);
            }
        }
        RunLock lock = RunLock.acquire(root);
        try {
            if (existing) {
                run.deleteRunFiles();
            }
            Files.createDirectories(run.checkpoints());
            Files.createDirectories(run.samples());
            run.writeConfig(config);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return new Locked(run, lock);
    }

    /** A run and the training lock held on it. */
    public record Locked(RunDirectory run, RunLock lock) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            lock.close();
        }
    }

    /** Takes the training lock of this run, refusing while another process trains it. */
    public RunLock lock() throws IOException {
        return RunLock.acquire(root);
    }

    private void deleteRunFiles() throws IOException {
        for (Path dir : List.of(checkpoints(), samples())) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.deleteIfExists(metrics());
        Files.deleteIfExists(configFile());
    }

    public void writeConfig(RunConfig config) throws IOException {
        String json = new GsonBuilder().setPrettyPrinting().create().toJson(config.toJson());
        AtomicFiles.write(configFile(), (json + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Appends one line to metrics.jsonl and forces it to disk. */
    public void appendMetrics(JsonObject line) throws IOException {
        byte[] bytes = (line.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(metrics(), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.SYNC)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new IOException("cannot append to " + metrics() + ": " + Gen4jException.describe(e), e);
        }
    }

    /**
     * Drops metrics lines logged after {@code imagesSeen} (and any partial last line), so a
     * resumed run's log reads as if it had never stopped; returns how many lines were unreadable.
     */
    public int truncateMetrics(long imagesSeen) throws IOException {
        if (!Files.isRegularFile(metrics())) {
            return 0;
        }
        List<String> keep = new ArrayList<>();
        int torn = 0;
        // decoded leniently: a crash can cut a line inside a multi-byte character
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE)
                .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(metrics()))).toString();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                if (o.get("imagesSeen").getAsLong() <= imagesSeen) {
                    keep.add(line);
                }
            } catch (RuntimeException e) {
                torn++; // a line cut short by a crash
            }
        }
        AtomicFiles.write(metrics(), String.join("", keep.stream().map(l -> l + "\n").toList()).getBytes(StandardCharsets.UTF_8));
        return torn;
    }
}
