package org.gen4j.train;

import org.gen4j.ops.Precision;
import org.gen4j.ops.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.gen4j.Gen4jException;
import org.gen4j.data.BatchLoader;
import org.gen4j.data.Dataset;
import org.gen4j.io.ImageFiles;

/**
 * The training loop every model shares. It feeds minibatches to {@link TrainableModel#step},
 * counts images, and at fixed image counts appends to metrics.jsonl (ticks), writes a sample grid
 * (snapshots) and writes a checkpoint. It knows nothing about any particular model.
 *
 * <p>Every step runs in its own {@link NDScope}, so a run of any length holds its memory flat.
 * Steps compute their convolutions in the run's {@link Precision}; sample grids and metrics stay
 * in float32, so they equal what {@code gen4j sample} and {@code gen4j eval} give for the same
 * checkpoint.
 * Ctrl-C (SIGINT or SIGTERM) finishes the current step, writes a checkpoint and exits; a
 * non-finite loss stops the run, leaving the last good checkpoint as it was.
 */
public final class TrainingLoop {

    /** Where a run stopped. */
    public record Result(long step, long imagesSeen, boolean interrupted, Path checkpoint) {}

    private final TrainableModel model;
    private final Dataset data;
    private final RunDirectory run;
    private final RunConfig config;
    private final PrintWriter out;
    private final boolean progressBar;
    private final Function<ImageGenerator, Map<String, Double>> metrics;
    private final Map<String, Double> latestMetrics = new LinkedHashMap<>();
    private java.util.function.Consumer<JsonObject> onTick = line -> {};

    /**
     * @param data already at the model's resolution
     * @param out where one-line notices go (checkpoints written, interruption)
     * @param progressBar whether to draw a progress bar on the terminal
     * @param metrics evaluates the generator every {@code options.metricsKimg}, or {@code null}
     */
    public TrainingLoop(TrainableModel model, Dataset data, RunDirectory run, RunConfig config, PrintWriter out,
            boolean progressBar, Function<ImageGenerator, Map<String, Double>> metrics) {
        this.model = model;
        this.data = data;
        this.run = run;
        this.config = config;
        this.out = out;
        this.progressBar = progressBar;
        this.metrics = metrics;
    }

    /**
     * Calls {@code listener} with every line the loop appends to metrics.jsonl (images seen, kimg,
     * step, time, images per second, mean losses, the model's status, metrics when evaluated).
     *
     * @return this loop
     */
    public TrainingLoop onTick(java.util.function.Consumer<JsonObject> listener) {
        this.onTick = listener;
        return this;
    }

    /** Trains from ({@code step}, {@code imagesSeen}) until {@code options.kimg}, or until stopped. */
    public Result run(long startStep, long startImages) throws IOException {
        TrainOptions opt = config.options();
        int batch = Configs.intValue(config.modelConfig(), "batch");
        long total = opt.totalImages();
        long tick = Math.max(1, Math.round(opt.tickKimg() * 1000));
        long snapshot = Math.max(1, Math.round(opt.snapshotKimg() * 1000));
        long checkpoint = Math.max(1, Math.round(opt.checkpointKimg() * 1000));
        long evaluation = Math.max(1, Math.round(opt.metricsKimg() * 1000));
        long[] gridSeeds = Sampler.firstSeeds(opt.gridSize());
        long step = startStep, images = startImages;
        Path lastCheckpoint = null;
        Tick current = new Tick(images);
        try (StopSignal stop = StopSignal.install();
                NDManager manager = NDManager.newBaseManager();
                BatchLoader loader = new BatchLoader(data, batch, config.seed(), images);
                ProgressBar bar = progressBar ? newBar(total, images) : null) {
            if (images == 0) {
                writeReals(manager);
                snapshot(manager, gridSeeds, images);
            }
            while (images < total && !stop.requested()) {
                Map<String, Double> values = step(manager, loader.next(), batch, images, step);
                step++;
                images += batch;
                boolean finite = true;
                for (double v : values.values()) {
                    finite &= Double.isFinite(v);
                }
                if (!finite) { // the message is built only when the run stops
                    String nonFinite = values.entrySet().stream().filter(e -> !Double.isFinite(e.getValue()))
                            .map(e -> e.getKey() + " is " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
                    throw new Gen4jException("training diverged at " + Checkpoints.kimg(images) + " kimg (step " + step + "): " + nonFinite
                            + "; " + lastCheckpointMessage(lastCheckpoint) + ". Try a lower learning rate.");
                }
                current.add(values);
                if (bar != null) {
                    bar.stepTo(images);
                    bar.setExtraMessage(statusLine(values));
                }
                boolean last = images >= total;
                if (crossed(images, batch, tick) || last) {
                    JsonObject line = current.close(images, step, model.status());
                    run.appendMetrics(line);
                    onTick.accept(line);
                    if (bar == null) {
                        out.printf("kimg %8.1f  %s  %.1f img/s%n", images / 1000.0, statusLine(current.means()),
                                line.get("imagesPerSecond").getAsDouble());
                        out.flush();
                    }
                    current = new Tick(images);
                }
                if (metrics != null && (crossed(images, batch, evaluation) || last)) {
                    evaluate(images, step);
                }
                if (crossed(images, batch, snapshot) || last) {
                    snapshot(manager, gridSeeds, images);
                }
                if (crossed(images, batch, checkpoint) || last) {
                    lastCheckpoint = checkpoint(step, images);
                }
            }
            boolean interrupted = images < total;
            if (interrupted) {
                lastCheckpoint = checkpoint(step, images);
                out.println("\nstopped at " + Checkpoints.kimg(images) + " kimg; checkpoint written to " + lastCheckpoint
                        + "; continue with --resume " + run.root());
                out.flush();
            }
            return new Result(step, images, interrupted, lastCheckpoint);
        }
    }

    /** Computes the metrics now, logs them as their own metrics.jsonl line and keeps them for the status line. */
    private void evaluate(long images, long step) throws IOException {
        model.schedule(images);
        Map<String, Double> values = metrics.apply(model.generator());
        latestMetrics.clear();
        latestMetrics.putAll(values);
        JsonObject line = new JsonObject();
        line.addProperty("imagesSeen", images);
        line.addProperty("kimg", images / 1000.0);
        line.addProperty("step", step);
        JsonValues.putAll(line, values);
        run.appendMetrics(line);
        onTick.accept(line);
        if (!progressBar) {
            out.printf("kimg %8.1f  %s%n", images / 1000.0, format(values));
            out.flush();
        }
    }

    /** One training step in its own scope, so everything it creates is released when it returns. */
    private Map<String, Double> step(NDManager manager, BatchLoader.Batch b, int batch, long images, long step) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            model.schedule(images);
            NDArray reals = Scalars.fromHost(manager, b.pixels(), new Shape(batch, data.channels(), data.height(), data.width()));
            NDArray classes = data.labelled() ? manager.create(toLongs(b.labels())).duplicate() : null;
            return Precision.during(config.options().precision(),
                    () -> model.step(reals, classes, b.indices(), new StepRandom(config.seed(), step)));
        }
    }

    /**
     * Loss averages and throughput between two metrics lines. A value a model reports only on some
     * steps (a lazy regulariser's) is averaged over the steps that reported it.
     */
    private static final class Tick {
        private final Map<String, Double> sums = new LinkedHashMap<>();
        private final Map<String, Integer> counts = new LinkedHashMap<>();
        private final long startImages;
        private final long startNanos = System.nanoTime();

        Tick(long startImages) {
            this.startImages = startImages;
        }

        void add(Map<String, Double> values) {
            values.forEach((k, v) -> {
                sums.merge(k, v, Double::sum);
                counts.merge(k, 1, Integer::sum);
            });
        }

        Map<String, Double> means() {
            Map<String, Double> m = new LinkedHashMap<>();
            sums.forEach((k, v) -> m.put(k, v / counts.get(k)));
            return m;
        }

        /** The metrics.jsonl line for this tick. */
        JsonObject close(long images, long step, Map<String, Object> status) {
            JsonObject line = new JsonObject();
            line.addProperty("imagesSeen", images);
            line.addProperty("kimg", images / 1000.0);
            line.addProperty("step", step);
            line.addProperty("imagesPerSecond", (images - startImages) / ((System.nanoTime() - startNanos) / 1e9));
            JsonValues.putAll(line, means());
            JsonValues.putAll(line, status);
            return line;
        }
    }

    /**
     * Turns SIGINT and SIGTERM into a request to stop after the current step: the JVM's shutdown
     * waits (up to five minutes) until the loop has written its checkpoint and closed this.
     */
    private static final class StopSignal implements AutoCloseable {
        private final AtomicBoolean requested = new AtomicBoolean();
        private final CountDownLatch finished = new CountDownLatch(1);
        private final Thread hook = new Thread(this::await, "gen4j-stop");

        static StopSignal install() {
            StopSignal s = new StopSignal();
            Runtime.getRuntime().addShutdownHook(s.hook);
            return s;
        }

        private void await() {
            requested.set(true);
            try {
                finished.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        boolean requested() {
            return requested.get();
        }

        @Override
        public void close() {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting because of the signal; the hook has done its work
            }
        }
    }

    private String lastCheckpointMessage(Path lastWritten) {
        if (lastWritten != null) {
            return "the last good checkpoint is " + lastWritten;
        }
        try {
            var all = Checkpoints.list(run.checkpoints());
            return all.isEmpty() ? "no checkpoint had been written yet" : "the last good checkpoint is " + all.get(all.size() - 1);
        } catch (IOException e) {
            return "no checkpoint could be listed";
        }
    }

    /** Whether the step that ended at {@code images} crossed a multiple of {@code interval}. */
    private static boolean crossed(long images, int batch, long interval) {
        return images / interval != (images - batch) / interval;
    }

    private static long[] toLongs(int[] v) {
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i];
        }
        return r;
    }

    private ProgressBar newBar(long total, long start) {
        return new ProgressBarBuilder()
                .setTaskName("train " + config.model())
                .setInitialMax(total)
                .startsFrom(start, java.time.Duration.ZERO)
                .setUnit(" kimg", 1000)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .showSpeed(new java.text.DecimalFormat("0.000"))
                .setMaxRenderedLength(160)
                .build();
    }

    private String statusLine(Map<String, Double> values) {
        StringBuilder s = new StringBuilder();
        model.status().forEach((k, v) -> s.append(k).append(' ').append(v).append(' '));
        return (s + format(values) + " " + format(latestMetrics)).strip();
    }

    private static String format(Map<String, Double> values) {
        StringBuilder s = new StringBuilder();
        values.forEach((k, v) -> s.append(k).append(' ').append(String.format("%.3f", v)).append(' '));
        return s.toString().strip();
    }

    private void writeReals(NDManager manager) throws IOException {
        int n = Math.min(config.options().gridSize(), data.count());
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            float[] px = data.unit(0, n);
            NDArray reals = manager.create(px, new Shape(n, data.channels(), data.height(), data.width()));
            ImageFiles.writePng(run.samples().resolve("reals.png"),
                    ImageFiles.grid(ImageFiles.toImages(reals), ImageFiles.squareColumns(n), 2));
        }
    }

    private void snapshot(NDManager manager, long[] seeds, long images) throws IOException {
        model.schedule(images);
        Path file = run.samples().resolve(String.format("fakes-%08.3fkimg.png", images / 1000.0));
        ImageFiles.writePng(file, Sampler.grid(model.generator(), manager, seeds));
    }

    private Path checkpoint(long step, long images) throws IOException {
        Path p = Checkpoints.write(run.checkpoints(), model, config, step, images);
        Checkpoints.prune(run.checkpoints(), config.options().keepCheckpoints());
        return p;
    }
}
