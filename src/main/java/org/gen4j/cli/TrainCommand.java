package org.gen4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gen4j.Gen4jException;
import org.gen4j.data.CacheDir;
import org.gen4j.data.Dataset;
import org.gen4j.data.Datasets;
import org.gen4j.data.Resize;
import org.gen4j.metrics.Evaluator;
import org.gen4j.metrics.FeatureNetwork;
import org.gen4j.metrics.FeatureNetworks;
import org.gen4j.metrics.Metric;
import org.gen4j.models.ModelSpec;
import org.gen4j.models.Models;
import org.gen4j.ops.Precision;
import org.gen4j.train.Checkpoints;
import org.gen4j.train.Configs;
import org.gen4j.train.DatasetConditioned;
import org.gen4j.train.RunConfig;
import org.gen4j.train.RunDirectory;
import org.gen4j.train.RunLock;
import org.gen4j.train.TrainOptions;
import org.gen4j.train.TrainableModel;
import org.gen4j.train.TrainingLoop;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gen4j train}: trains a model into a run directory, or continues one. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model on a dataset, writing config, checkpoints, sample grids and metrics to a run folder.")
final class TrainCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--model", description = "Model name (see `gen4j models`); default: progan.")
    String model;

    @Option(names = "--preset", description = "Named configuration of the model; default: its first preset (progan: cpu).")
    String preset;

    @Option(names = "--data", description = "Dataset name (fashion-mnist, fashion-mnist:test) or path; default: fashion-mnist.")
    String data;

    @Option(names = "--resolution", description = "Image side the model generates (a power of two); default: the preset's.")
    Integer resolution;

    @Option(names = "--kimg", description = "Training length in thousands of real images; default: the preset's schedule.")
    Double kimg;

    @Option(names = "--batch", description = "Minibatch size; default: the preset's.")
    Integer batch;

    @Option(names = "--seed", description = "Seed of initialisation, data order and latents; default: 0.")
    Long seed;

    @Option(names = "--out", description = "Run folder; default: runs/<model>-<data>.")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN|CHECKPOINT", description = "Continue a run from its newest checkpoint, or from the given ckpt-*.json.")
    Path resume;

    @Option(names = "--force", description = "Replace an existing run in --out.")
    boolean force;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a model setting; repeatable. An unknown key lists the accepted ones.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--tick-kimg", description = "Interval between metrics.jsonl lines; default: 1.")
    Double tickKimg;

    @Option(names = "--snapshot-kimg", description = "Interval between sample grids; default: 10.")
    Double snapshotKimg;

    @Option(names = "--checkpoint-kimg", description = "Interval between checkpoints; default: 10.")
    Double checkpointKimg;

    @Option(names = "--keep-checkpoints", description = "Newest checkpoints to keep; default: 3.")
    Integer keepCheckpoints;

    @Option(names = "--grid", description = "Images per sample grid (seeds 0..N-1); default: 64.")
    Integer grid;

    @Option(names = "--metrics", description = "Metrics to compute during training, e.g. fid,swd (see gen4j eval); default: none.")
    String metrics;

    @Option(names = "--metrics-every", description = "Interval between metric evaluations, in kimg; default: 10.")
    Double metricsKimg;

    @Option(names = "--metrics-num", description = "Images per metric evaluation; default: 5000.")
    Integer metricsNum;

    @Option(names = "--feature-net", paramLabel = "FILE", description = "Feature network for the metrics; default: the built-in one.")
    String featureNet;

    @Option(names = "--precision", description = "Number format of the convolutions: float32, or bfloat16 for mixed precision "
            + "(several times faster on CPUs with AMX); default: float32.")
    String precision;

    @Option(names = "--no-progress", description = "Print a line per tick instead of a progress bar.")
    boolean noProgress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        // every flag is checked before any data is opened or any run folder touched
        TrainOptions.checkFlags(kimg, tickKimg, snapshotKimg, checkpointKimg, keepCheckpoints, grid, metricsKimg, metricsNum);
        Flags.batch(batch);
        Flags.resolution(resolution);
        if (precision != null) {
            Precision.parse(precision);
        }
        PrintWriter out = spec.commandLine().getOut();
        return resume != null ? resumeRun(out) : newRun(out, Models.get(model == null ? "progan" : model));
    }

    private <C extends Record> int newRun(PrintWriter log, ModelSpec<C> modelSpec) throws IOException {
        String presetName = preset == null ? modelSpec.presets().keySet().iterator().next() : preset;
        C base = modelSpec.presets().get(presetName);
        Gen4jException.check(base != null, "model %s has no preset '%s'; available: %s.", modelSpec.name(), presetName,
                String.join(", ", modelSpec.presets().keySet()));
        String dataSpec = data == null ? "fashion-mnist" : data;
        Dataset dataset = Datasets.open(dataSpec, log::println);
        Map<String, String> overrides = parseSets();
        if (resolution != null) {
            overrides.put("resolution", resolution.toString());
        }
        if (batch != null) {
            overrides.put("batch", batch.toString());
        }
        String channels = Integer.toString(dataset.channels());
        Gen4jException.check(!overrides.containsKey("imageChannels") || overrides.get("imageChannels").equals(channels),
                "imageChannels is set by the data (%s has %s channels).", dataSpec, channels);
        overrides.put("imageChannels", channels);
        setClasses(modelSpec, base, overrides, dataset, dataSpec);
        C config = Configs.override(base, overrides, "model " + modelSpec.name());
        TrainOptions options = new TrainOptions(kimg == null ? modelSpec.defaultKimg(config) : kimg,
                or(tickKimg, 1.0), or(snapshotKimg, 10.0), or(checkpointKimg, 10.0), or(keepCheckpoints, 3), or(grid, 64),
                metricList(or(metrics, "")), or(metricsKimg, 10.0), or(metricsNum, 5000), or(featureNet, ""),
                precision == null ? Precision.FLOAT32 : Precision.parse(precision));
        long s = seed == null ? 0 : seed;
        List<String> classNames = Configs.intValue(config, "numClasses", 0) > 0 ? classNames(dataset) : List.of();
        RunConfig runConfig = new RunConfig(modelSpec.name(), presetName, dataSpec, classNames, s, options, config);
        Path dir = out != null ? out : Path.of("runs", modelSpec.name() + "-" + dataSpec.replaceAll("[^A-Za-z0-9._-]+", "_"));
        try (RunDirectory.Locked locked = RunDirectory.create(dir, runConfig, force, TrainCommand::configType);
                TrainableModel m = modelSpec.create(config, s)) {
            RunDirectory run = locked.run();
            log.printf("training %s (%s preset) on %s: %s%n", modelSpec.name(), presetName, dataset.describe(), describe(config));
            log.printf("run folder %s, %s kimg, %s convolutions%n", run.root(), options.kimg(), options.precision());
            log.flush();
            return train(log, m, dataset, run, runConfig, 0, 0);
        }
    }

    private int resumeRun(PrintWriter log) throws IOException {
        boolean folder = Files.isDirectory(resume);
        Path json = folder ? null : resume.toString().endsWith(".safetensors")
                ? resume.resolveSibling(resume.getFileName().toString().replace(".safetensors", ".json")) : resume;
        Gen4jException.check(folder || Files.isRegularFile(json), "--resume %s is neither a run folder nor a checkpoint file.", resume);
        RunDirectory run = RunDirectory.open(folder ? resume : json.toAbsolutePath().getParent().getParent());
        // the checkpoint is chosen under the lock, so no other process can be writing a newer one
        try (RunLock lock = run.lock()) {
            Checkpoints.Info info = folder ? Checkpoints.latest(run.checkpoints()) : Checkpoints.verify(json);
            return resumeLocked(log, run, info);
        }
    }

    private int resumeLocked(PrintWriter log, RunDirectory run, Checkpoints.Info info) throws IOException {
        RunConfig stored = run.readConfig(TrainCommand::configType);
        checkSameRun(stored);
        TrainOptions o = stored.options();
        TrainOptions options = new TrainOptions(or(kimg, o.kimg()), or(tickKimg, o.tickKimg()), or(snapshotKimg, o.snapshotKimg()),
                or(checkpointKimg, o.checkpointKimg()), or(keepCheckpoints, o.keepCheckpoints()), or(grid, o.gridSize()),
                metrics == null ? o.metrics() : metricList(metrics), or(metricsKimg, o.metricsKimg()), or(metricsNum, o.metricsNum()),
                or(featureNet, o.featureNet()), precision == null ? o.precision() : Precision.parse(precision));
        RunConfig runConfig = new RunConfig(stored.model(), stored.preset(), stored.data(), stored.classNames(), stored.seed(), options,
                stored.modelConfig());
        ModelSpec<?> modelSpec = Models.get(stored.model());
        Dataset dataset = Datasets.open(stored.data(), log::println);
        try (TrainableModel m = modelSpec.createUnchecked(stored.modelConfig(), stored.seed());
                NDManager scratch = NDManager.newBaseManager()) {
            Checkpoints.load(info, m, scratch);
            discardNewerCheckpoints(run, info);
            int torn = run.truncateMetrics(info.imagesSeen());
            if (torn > 0) {
                log.printf("%s: skipped %d unreadable line%s (cut short when the run stopped)%n", run.metrics(), torn, torn == 1 ? "" : "s");
            }
            run.writeConfig(runConfig);
            log.printf("resuming %s at %.1f kimg (step %d) from %s, %s convolutions%n", run.root(), info.imagesSeen() / 1000.0, info.step(),
                    info.json(), options.precision());
            log.flush();
            return train(log, m, dataset, run, runConfig, info.step(), info.imagesSeen());
        }
    }

    private int train(PrintWriter log, TrainableModel m, Dataset dataset, RunDirectory run, RunConfig runConfig,
            long step, long images) throws IOException {
        boolean bar = !noProgress && System.console() != null;
        Dataset fitted = Resize.fit(dataset, Configs.intValue(runConfig.modelConfig(), "resolution"));
        if (m instanceof DatasetConditioned dc) {
            dc.attach(fitted, line -> {
                log.println(line);
                log.flush();
            });
        }
        TrainOptions o = runConfig.options();
        Precision.hardwareNote(o.precision()).ifPresent(log::println);
        Set<Metric> wanted = o.metrics().isEmpty() ? Set.of() : Metric.parse(o.metrics());
        try (FeatureNetwork net = wanted.stream().anyMatch(Metric::needsFeatures)
                ? FeatureNetworks.open(o.featureNet().isEmpty() ? null : Path.of(o.featureNet())) : null) {
            Evaluator evaluator = wanted.isEmpty() ? null
                    : new Evaluator(dataset, wanted, o.metricsNum(), net, CacheDir.get().resolve("reference-features"), line -> {});
            TrainingLoop.Result r = new TrainingLoop(m, fitted, run, runConfig, log, bar, evaluator == null ? null : evaluator::evaluateAvailable)
                    .run(step, images);
            if (!r.interrupted()) {
                log.printf("done: %.1f kimg, %d steps; samples in %s, checkpoint %s%n", r.imagesSeen() / 1000.0, r.step(),
                        run.samples(), r.checkpoint());
            }
            log.flush();
            return r.interrupted() ? 130 : 0;
        }
    }

    /**
     * A conditional model's classes come from the data: {@code numClasses} is set to the dataset's,
     * and an unlabelled dataset is refused unless the model is made unconditional. An
     * unconditional model (the preset's or {@code --set conditional=false}) gets 0.
     */
    private static void setClasses(ModelSpec<?> spec, Record base, Map<String, String> overrides, Dataset dataset, String dataSpec) {
        if (!Configs.keys(base.getClass()).contains("numClasses")) {
            return;
        }
        Gen4jException.check(!overrides.containsKey("numClasses"), "numClasses is set by the data (%s has %d classes); "
                + "use --set conditional=false to train without them.", dataSpec, dataset.numClasses());
        boolean optional = Configs.keys(base.getClass()).contains("conditional"); // else conditional by construction
        boolean conditional = !optional || (overrides.containsKey("conditional") ? overrides.get("conditional").equalsIgnoreCase("true")
                : Configs.toJson(base).get("conditional").getAsBoolean());
        if (conditional) {
            Gen4jException.check(dataset.labelled(), "model %s is class-conditional but %s has no labels; give it labelled data "
                    + "(one sub-folder per class, a ZIP with dataset.json labels, IDX or CIFAR with their labels)%s.", spec.name(), dataSpec,
                    optional ? " or train it unconditionally with --set conditional=false" : "");
            Gen4jException.check(dataset.numClasses() >= 2, "model %s is class-conditional but %s has only one class; "
                    + "train it unconditionally with --set conditional=false.", spec.name(), dataSpec);
        }
        overrides.put("numClasses", Integer.toString(conditional ? dataset.numClasses() : 0));
    }

    /** The dataset's class names, or their indices where it has none. */
    private static List<String> classNames(Dataset dataset) {
        List<String> names = new ArrayList<>(dataset.classNames());
        for (int i = names.size(); i < dataset.numClasses(); i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    /** Validates a metric list and returns it in canonical form ("" for none). */
    private static String metricList(String list) {
        return list.isBlank() ? "" : String.join(",", Metric.parse(list).stream().map(Metric::cliName).toList());
    }

    /** A resumed run takes its identity from config.json; flags that contradict it are refused. */
    private void checkSameRun(RunConfig stored) {
        List<String> conflicts = new ArrayList<>();
        if (model != null && !model.equals(stored.model())) {
            conflicts.add("--model " + model + " (run: " + stored.model() + ")");
        }
        if (data != null && !data.equals(stored.data())) {
            conflicts.add("--data " + data + " (run: " + stored.data() + ")");
        }
        if (seed != null && seed != stored.seed()) {
            conflicts.add("--seed " + seed + " (run: " + stored.seed() + ")");
        }
        if (preset != null && !preset.equals(stored.preset())) {
            conflicts.add("--preset " + preset + " (run: " + stored.preset() + ")");
        }
        Map<String, String> o = parseSets();
        if (resolution != null) {
            o.put("resolution", resolution.toString());
        }
        if (batch != null) {
            o.put("batch", batch.toString());
        }
        var json = Configs.toJson(stored.modelConfig());
        for (Map.Entry<String, String> e : o.entrySet()) {
            Gen4jException.check(json.has(e.getKey()), "unknown setting '%s' for model %s; accepted: %s.", e.getKey(),
                    stored.model(), String.join(", ", json.keySet()));
            if (!json.get(e.getKey()).getAsString().equals(e.getValue())) {
                conflicts.add(e.getKey() + "=" + e.getValue() + " (run: " + json.get(e.getKey()).getAsString() + ")");
            }
        }
        Gen4jException.check(conflicts.isEmpty(), "--resume continues the run as configured, but %s differ; drop them or start a new run with --out.",
                String.join(", ", conflicts));
    }

    private static void discardNewerCheckpoints(RunDirectory run, Checkpoints.Info info) throws IOException {
        for (Path p : Checkpoints.list(run.checkpoints())) {
            if (p.getFileName().toString().compareTo(info.json().getFileName().toString()) > 0) {
                Files.deleteIfExists(p);
            }
        }
        Checkpoints.prune(run.checkpoints(), Integer.MAX_VALUE);
    }

    private Map<String, String> parseSets() {
        return Configs.parseSets(sets);
    }

    static Class<? extends Record> configType(String modelName) {
        return Models.get(modelName).configType();
    }

    private static String describe(Record config) {
        StringBuilder b = new StringBuilder();
        Configs.toJson(config).entrySet().forEach(e -> b.append(e.getKey()).append('=').append(e.getValue().getAsString()).append(' '));
        return b.toString().strip();
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
