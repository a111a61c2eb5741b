package org.gen4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.gen4j.Gen4jException;
import org.gen4j.augment.Ada;
import org.gen4j.augment.Augmentable;
import org.gen4j.augment.Augmentation;
import org.gen4j.augment.Augmenter;
import org.gen4j.data.Dataset;
import org.gen4j.models.ModelSpec;
import org.gen4j.models.Models;
import org.gen4j.ops.Precision;
import org.gen4j.train.Configs;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.JsonValues;
import org.gen4j.train.Sampler;
import org.gen4j.train.DatasetConditioned;
import org.gen4j.train.StepRandom;
import org.gen4j.train.TrainableModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gen4j bench}: times a model's training step and generator on random data. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Time a model's training iteration, generator forward pass and the step's parts it names"
                + " (e.g. lazy regularisation passes) on random images, and watch process memory over the iterations.")
final class BenchCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--model", defaultValue = "progan", description = "Model name; default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--resolution", defaultValue = "32", description = "Image side; default: ${DEFAULT-VALUE}.")
    int resolution;

    @Option(names = "--channels", defaultValue = "128", description = "Feature maps at every resolution; default: ${DEFAULT-VALUE}.")
    int channels;

    @Option(names = "--batch", defaultValue = "32", description = "Minibatch size; default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--image-channels", defaultValue = "3", description = "Image channels; default: ${DEFAULT-VALUE}.")
    int imageChannels;

    @Option(names = "--iters", defaultValue = "10", description = "Timed training iterations; default: ${DEFAULT-VALUE}.")
    int iters;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed iterations first; the allocators' caches fill over the first 50-100 "
            + "iterations, so check memory growth with --warmup 100; default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--precision", defaultValue = "float32", description = "Number format of the convolutions: float32 or "
            + "bfloat16 (mixed precision); default: ${DEFAULT-VALUE}.")
    String precision;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting of the benchmark configuration; repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--augment", paramLabel = "none|diffaug[=POLICIES]|ada[=GROUPS]", defaultValue = "none",
            description = "Augment what the discriminator sees, as train --augment does; default: ${DEFAULT-VALUE}.")
    String augment;

    @Option(names = "--ada-p", defaultValue = "0.5", description = "ADA's probability p while timing (it adapts from there); "
            + "default: ${DEFAULT-VALUE}.")
    double adaP;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Flags.between(iters, 1, 10_000_000, "--iters");
        Flags.between(warmup, 0, 10_000_000, "--warmup");
        Flags.between(channels, 1, Flags.MAX_BATCH, "--channels");
        Flags.batch(batch);
        Flags.resolution(resolution);
        Gen4jException.check(imageChannels == 1 || imageChannels == 3, "--image-channels must be 1 or 3, got %d.", imageChannels);
        Precision requested = Precision.parse(precision);
        Augmentation.create(augment, Ada.DEFAULT_TARGET, adaP); // refuses a bad value before any model is made
        Precision.hardwareNote(requested).ifPresent(spec.commandLine().getErr()::println);
        ModelSpec<?> modelSpec = Models.get(model);
        return Precision.during(requested, () -> bench(modelSpec));
    }

    private <C extends Record> int bench(ModelSpec<C> modelSpec) throws IOException {
        C config = Configs.override(modelSpec.benchConfig(resolution, channels, batch, imageChannels),
                Configs.parseSets(sets), "model " + modelSpec.name());
        long position = modelSpec.benchPosition(config);
        double[] stepMs = new double[iters];
        double[] rssMb = new double[iters]; // after every timed iteration
        double[] forwardMs = new double[Math.min(iters, 10)];
        double rssStart, rssBefore, rssAfter, heapBefore, heapAfter, heapPeak;
        JsonObject status = new JsonObject();
        Map<String, Double> phaseMs = new LinkedHashMap<>();
        try (TrainableModel m = modelSpec.create(config, 0); NDManager manager = NDManager.newBaseManager()) {
            Augmenter augmenter = Augmentation.create(augment, Ada.DEFAULT_TARGET, adaP);
            if (m instanceof Augmentable a) {
                a.augmentWith(augmenter);
            } else {
                Gen4jException.check(augmenter == Augmenter.NONE, "--augment applies to the images a discriminator sees, and model %s has none.",
                        modelSpec.name());
            }
            if (m instanceof DatasetConditioned dc) {
                dc.attach(randomImages(Math.max(4 * batch, 64)), line -> {}); // enough instances for any neighbourhood size k
            }
            m.schedule(position);
            JsonValues.putAll(status, m.status());
            NDArray reals = manager.randomUniform(-1, 1, new Shape(batch, imageChannels, resolution, resolution));
            rssStart = rssMb();
            for (int i = 0; i < warmup; i++) {
                step(m, reals, i);
                forward(m.generator(), manager);
            }
            rssBefore = rssMb();
            heapBefore = liveHeapMb();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            boolean bar = !json && System.console() != null && iters >= 20;
            try (ProgressBar pb = bar ? new ProgressBarBuilder().setTaskName("bench").setInitialMax(iters)
                    .setStyle(ProgressBarStyle.ASCII).build() : null) {
                for (int i = 0; i < iters; i++) {
                    long t = System.nanoTime();
                    step(m, reals, warmup + i);
                    stepMs[i] = (System.nanoTime() - t) / 1e6;
                    rssMb[i] = rssMb();
                    if (pb != null) {
                        pb.step();
                    }
                }
            }
            rssAfter = rssMb();
            heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / 1048576.0;
            heapAfter = liveHeapMb();
            for (int i = 0; i < forwardMs.length; i++) {
                long t = System.nanoTime();
                forward(m.generator(), manager);
                forwardMs[i] = (System.nanoTime() - t) / 1e6;
            }
            for (var phase : m.benchPhases().entrySet()) {
                double[] ms = new double[Math.min(iters, 5)];
                for (int i = 0; i < ms.length; i++) {
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        StepRandom random = new StepRandom(1, i);
                        long t = System.nanoTime();
                        phase.getValue().accept(reals, random);
                        ms[i] = (System.nanoTime() - t) / 1e6;
                    }
                }
                phaseMs.put(phase.getKey() + "_ms", median(ms));
            }
        }
        double step = median(stepMs);
        JsonObject o = new JsonObject();
        o.addProperty("model", modelSpec.name());
        o.addProperty("resolution", resolution);
        o.addProperty("channels", channels);
        o.addProperty("batch", batch);
        o.addProperty("cpus", Runtime.getRuntime().availableProcessors());
        o.addProperty("malloc", malloc());
        o.addProperty("precision", Precision.current().toString());
        o.addProperty("augment", Augmentation.canonical(augment));
        o.add("position", status);
        o.addProperty("iters", iters);
        o.addProperty("train_iter_ms", round(step));
        o.addProperty("train_iter_ms_min", round(Arrays.stream(stepMs).min().orElse(0)));
        o.addProperty("g_forward_ms", round(median(forwardMs)));
        phaseMs.forEach((k, v) -> o.addProperty(k, round(v)));
        o.addProperty("images_per_s", round(batch / (step / 1000)));
        o.addProperty("warmup", warmup);
        o.addProperty("rss_mb_start", round(rssStart));
        o.addProperty("rss_mb_before", round(rssBefore));
        o.addProperty("rss_mb_after", round(rssAfter));
        o.addProperty("rss_growth_mb", round(rssAfter - rssBefore));
        // single readings swing by tens of MB with the allocator's trimming; the medians of the first
        // and last tenth of the timed iterations show the trend
        int tenth = Math.max(1, iters / 10);
        double rssFirst = median(Arrays.copyOfRange(rssMb, 0, tenth));
        double rssLast = median(Arrays.copyOfRange(rssMb, iters - tenth, iters));
        o.addProperty("rss_mb_first_tenth", round(rssFirst));
        o.addProperty("rss_mb_last_tenth", round(rssLast));
        o.addProperty("rss_drift_mb", round(rssLast - rssFirst));
        o.addProperty("rss_mb_peak", round(Arrays.stream(rssMb).max().orElse(Double.NaN)));
        o.addProperty("heap_mb_before", round(heapBefore));
        o.addProperty("heap_mb_after", round(heapAfter));
        o.addProperty("heap_mb_peak", round(heapPeak));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new GsonBuilder().create().toJson(o));
        } else {
            out.printf("%s at %dx%d, %d channels, batch %d (%s), %s, %d iterations, malloc %s:%n", modelSpec.name(), resolution,
                    resolution, channels, batch, status, Precision.current(), iters, o.get("malloc").getAsString());
            out.printf("  training iteration  %.1f ms (median; min %.1f)%n", step, o.get("train_iter_ms_min").getAsDouble());
            out.printf("  generator forward   %.1f ms (median)%n", o.get("g_forward_ms").getAsDouble());
            phaseMs.forEach((k, v) -> out.printf("  %-19s %.1f ms (median)%n", k.substring(0, k.length() - 3).replace('_', ' '), v));
            out.printf("  throughput          %.1f images/s%n", o.get("images_per_s").getAsDouble());
            out.printf("  process RSS         %.0f MB at start, %.0f MB after %d warm-up iterations -> %.0f MB (%+.1f MB)%n",
                    rssStart, rssBefore, warmup, rssAfter, rssAfter - rssBefore);
            out.printf("  RSS trend           median %.0f MB over the first tenth of the timed iterations, %.0f MB over the last"
                    + " (%+.1f MB); peak %.0f MB%n", rssFirst, rssLast, rssLast - rssFirst, o.get("rss_mb_peak").getAsDouble());
            out.printf("  Java heap           %.1f MB live after the warm-up, %.1f MB after the timed iterations; peak %.0f MB%n", heapBefore,
                    heapAfter, heapPeak);
        }
        out.flush();
        return 0;
    }

    private static void step(TrainableModel m, NDArray reals, long index) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            int n = (int) reals.getShape().get(0);
            int[] indices = new int[n];
            for (int i = 0; i < n; i++) {
                indices[i] = i;
            }
            m.step(reals, benchClasses(reals), indices, new StepRandom(0, index));
        }
    }

    /** {@code n} images of uniform noise labelled 0..9 in turn, for the models that need a training set. */
    private Dataset randomImages(int n) {
        byte[] px = new byte[n * imageChannels * resolution * resolution];
        new java.util.SplittableRandom(0).nextBytes(px);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        return new Dataset("bench noise", px, n, imageChannels, resolution, resolution, labels, java.util.List.of());
    }

    /** Class labels 0, 1, ... cycling over ten classes, for models that take them. */
    private static NDArray benchClasses(NDArray reals) {
        long[] c = new long[(int) reals.getShape().get(0)];
        for (int i = 0; i < c.length; i++) {
            c[i] = i % 10;
        }
        return reals.getManager().create(c);
    }

    private void forward(ImageGenerator g, NDManager manager) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            float[] z = new float[batch * g.latentDim()];
            for (int i = 0; i < batch; i++) {
                System.arraycopy(Sampler.latent(i, g.latentDim()), 0, z, i * g.latentDim(), g.latentDim());
            }
            NDArray classes = null;
            if (g.numClasses() > 0) {
                long[] c = new long[batch];
                for (int i = 0; i < batch; i++) {
                    c[i] = i % g.numClasses();
                }
                classes = manager.create(c);
            }
            g.generate(manager.create(z, new Shape(batch, g.latentDim())), classes).toFloatArray();
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** The memory allocator this process runs on: tcmalloc or jemalloc when one is loaded (preloaded), else glibc. */
    static String malloc() throws IOException {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return "unknown";
        }
        String all = Files.readString(maps);
        return all.contains("libtcmalloc") ? "tcmalloc" : all.contains("libjemalloc") ? "jemalloc" : "glibc";
    }

    /** Resident set size of this process in MB, from /proc (Linux); NaN elsewhere. */
    /** The Java heap the process still uses after a full collection, in MB. */
    static double liveHeapMb() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / 1048576.0;
    }

    static double rssMb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return Double.NaN;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
