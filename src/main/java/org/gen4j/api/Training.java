package org.gen4j.api;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.gen4j.Gen4jException;
import org.gen4j.augment.Augmentable;
import org.gen4j.augment.Augmentation;
import org.gen4j.augment.Augmenter;
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

/**
 * A training run as {@code gen4j train} makes one (the command line calls this): resolves the
 * model, preset, data and settings of a {@link TrainRequest}, creates or reopens the run folder
 * under its lock, restores the checkpoint on resume and runs the shared {@link TrainingLoop}.
 */
final class Training {

    private final TrainRequest req;
    private final PrintWriter log;
    private final boolean bar;
    private final Consumer<JsonObject> onTick;

    Training(TrainRequest req, PrintWriter log, boolean bar, Consumer<JsonObject> onTick) {
        this.req = req;
        this.log = log;
        this.bar = bar;
        this.onTick = onTick;
    }

    TrainingLoop.Result run() throws IOException {
        return req.resume != null ? resumeRun() : newRun(Models.get(req.model == null ? "progan" : req.model));
    }

    private <C extends Record> TrainingLoop.Result newRun(ModelSpec<C> modelSpec) throws IOException {
        String presetName = req.preset == null ? modelSpec.presets().keySet().iterator().next() : req.preset;
        C base = modelSpec.presets().get(presetName);
        Gen4jException.check(base != null, "model %s has no preset '%s'; available: %s.", modelSpec.name(), presetName,
                String.join(", ", modelSpec.presets().keySet()));
        String dataSpec = req.data == null ? "fashion-mnist" : req.data;
        Dataset dataset = Datasets.open(dataSpec, log::println);
        Map<String, String> overrides = Configs.parseSets(req.settings);
        if (req.resolution != null) {
            overrides.put("resolution", req.resolution.toString());
        }
        if (req.batch != null) {
            overrides.put("batch", req.batch.toString());
        }
        String channels = Integer.toString(dataset.channels());
        Gen4jException.check(!overrides.containsKey("imageChannels") || overrides.get("imageChannels").equals(channels),
                "imageChannels is set by the data (%s has %s channels).", dataSpec, channels);
        overrides.put("imageChannels", channels);
        setClasses(modelSpec, base, overrides, dataset, dataSpec);
        C config = Configs.override(base, overrides, "model " + modelSpec.name());
        TrainOptions options = new TrainOptions(req.kimg == null ? modelSpec.defaultKimg(config) : req.kimg,
                or(req.tickKimg, 1.0), or(req.snapshotKimg, 10.0), or(req.checkpointKimg, 10.0), or(req.keepCheckpoints, 3), or(req.grid, 64),
                metricList(or(req.metrics, "")), or(req.metricsKimg, 10.0), or(req.metricsNum, 5000), or(req.featureNet, ""),
                req.precision == null ? Precision.FLOAT32 : Precision.parse(req.precision), Augmentation.canonical(req.augment),
                or(req.adaTarget, TrainOptions.DEFAULT_ADA_TARGET));
        Augmenter augmenter = Augmentation.create(options.augment(), options.adaTarget());
        long s = req.seed == null ? 0 : req.seed;
        List<String> classNames = Configs.intValue(config, "numClasses", 0) > 0 ? classNames(dataset) : List.of();
        RunConfig runConfig = new RunConfig(modelSpec.name(), presetName, dataSpec, classNames, s, options, config);
        Path dir = req.out != null ? req.out : Path.of("runs", modelSpec.name() + "-" + dataSpec.replaceAll("[^A-Za-z0-9._-]+", "_"));
        try (TrainableModel m = modelSpec.create(config, s)) {
            withAugmenter(m, augmenter, modelSpec.name()); // refused before the run folder is made
            try (RunDirectory.Locked locked = RunDirectory.create(dir, runConfig, req.force, Training::configType)) {
                RunDirectory run = locked.run();
                log.printf("training %s (%s preset) on %s: %s%n", modelSpec.name(), presetName, dataset.describe(), describe(config));
                log.printf("run folder %s, %s kimg, %s convolutions%s%n", run.root(), options.kimg(), options.precision(),
                        describeAugment(options));
                log.flush();
                return train(m, dataset, run, runConfig, 0, 0);
            }
        }
    }

    private TrainingLoop.Result resumeRun() throws IOException {
        boolean folder = Files.isDirectory(req.resume);
        Path json = folder ? null : Checkpoints.record(req.resume);
        Gen4jException.check(folder || Files.isRegularFile(json), "--resume %s is neither a run folder nor a checkpoint file.", req.resume);
        RunDirectory run = RunDirectory.open(folder ? req.resume : json.toAbsolutePath().getParent().getParent());
        // the checkpoint is chosen under the lock, so no other process can be writing a newer one
        try (RunLock lock = run.lock()) {
            Checkpoints.Info info = folder ? Checkpoints.latest(run.checkpoints()) : Checkpoints.verify(json);
            return resumeLocked(run, info);
        }
    }

    private TrainingLoop.Result resumeLocked(RunDirectory run, Checkpoints.Info info) throws IOException {
        RunConfig stored = run.readConfig(Training::configType);
        checkSameRun(stored);
        TrainOptions o = stored.options();
        TrainOptions options = new TrainOptions(or(req.kimg, o.kimg()), or(req.tickKimg, o.tickKimg()), or(req.snapshotKimg, o.snapshotKimg()),
                or(req.checkpointKimg, o.checkpointKimg()), or(req.keepCheckpoints, o.keepCheckpoints()), or(req.grid, o.gridSize()),
                req.metrics == null ? o.metrics() : metricList(req.metrics), or(req.metricsKimg, o.metricsKimg()), or(req.metricsNum, o.metricsNum()),
                or(req.featureNet, o.featureNet()), req.precision == null ? o.precision() : Precision.parse(req.precision), o.augment(),
                o.adaTarget());
        RunConfig runConfig = new RunConfig(stored.model(), stored.preset(), stored.data(), stored.classNames(), stored.seed(), options,
                stored.modelConfig());
        ModelSpec<?> modelSpec = Models.get(stored.model());
        Dataset dataset = Datasets.open(stored.data(), log::println);
        try (TrainableModel m = modelSpec.createUnchecked(stored.modelConfig(), stored.seed());
                NDManager scratch = NDManager.newBaseManager()) {
            withAugmenter(m, Augmentation.create(o.augment(), o.adaTarget()), stored.model());
            Checkpoints.load(info, m, scratch);
            discardNewerCheckpoints(run, info);
            int torn = run.truncateMetrics(info.imagesSeen());
            if (torn > 0) {
                log.printf("%s: skipped %d unreadable line%s (cut short when the run stopped)%n", run.metrics(), torn, torn == 1 ? "" : "s");
            }
            run.writeConfig(runConfig);
            log.printf("resuming %s at %.1f kimg (step %d) from %s, %s convolutions%s%n", run.root(), info.imagesSeen() / 1000.0, info.step(),
                    info.json(), options.precision(), describeAugment(options));
            log.flush();
            return train(m, dataset, run, runConfig, info.step(), info.imagesSeen());
        }
    }

    private TrainingLoop.Result train(TrainableModel m, Dataset dataset, RunDirectory run, RunConfig runConfig, long step, long images)
            throws IOException {
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
                ? FeatureNetworks.open(o.featureNet().isEmpty() ? null : Path.of(o.featureNet()), FeatureNetworks.FLAG) : null) {
            Evaluator evaluator = wanted.isEmpty() ? null
                    : new Evaluator(dataset, wanted, o.metricsNum(), net, CacheDir.get().resolve("reference-features"), line -> {});
            TrainingLoop.Result result = new TrainingLoop(m, fitted, run, runConfig, log, bar, evaluator == null ? null : evaluator::evaluateAvailable)
                    .onTick(onTick).run(step, images);
            if (!result.interrupted()) {
                log.printf("done: %.1f kimg, %d steps; samples in %s, checkpoint %s%n", result.imagesSeen() / 1000.0, result.step(),
                        run.samples(), result.checkpoint());
            }
            log.flush();
            return result;
        }
    }

    /**
     * A conditional model's classes come from the data: {@code numClasses} is set to the dataset's,
     * and an unlabelled dataset is refused unless the model is made unconditional. An
     * unconditional model (the preset's or {@code --set conditional=false}) gets 0.
     */
    private static void setClasses(ModelSpec<?> spec, Record base, Map<String, String> overrides, Dataset dataset, String dataSpec) {
        if (!Configs.keys(base.getClass()).contains("numClasses")) {
            Gen4jException.check(!"true".equalsIgnoreCase(overrides.getOrDefault("conditional", "").strip()),
                    "model %s has no class-conditional variant; drop --set conditional=true.", spec.name());
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
        if (req.model != null && !req.model.equals(stored.model())) {
            conflicts.add("--model " + req.model + " (run: " + stored.model() + ")");
        }
        if (req.data != null && !req.data.equals(stored.data())) {
            conflicts.add("--data " + req.data + " (run: " + stored.data() + ")");
        }
        if (req.seed != null && req.seed != stored.seed()) {
            conflicts.add("--seed " + req.seed + " (run: " + stored.seed() + ")");
        }
        if (req.preset != null && !req.preset.equals(stored.preset())) {
            conflicts.add("--preset " + req.preset + " (run: " + stored.preset() + ")");
        }
        Map<String, String> o = Configs.parseSets(req.settings);
        if (req.resolution != null) {
            o.put("resolution", req.resolution.toString());
        }
        if (req.batch != null) {
            o.put("batch", req.batch.toString());
        }
        var json = Configs.toJson(stored.modelConfig());
        for (Map.Entry<String, String> e : o.entrySet()) {
            Gen4jException.check(json.has(e.getKey()), "unknown setting '%s' for model %s; accepted: %s.", e.getKey(),
                    stored.model(), String.join(", ", json.keySet()));
            if (!json.get(e.getKey()).getAsString().equals(e.getValue())) {
                conflicts.add(e.getKey() + "=" + e.getValue() + " (run: " + json.get(e.getKey()).getAsString() + ")");
            }
        }
        if (req.augment != null && !Augmentation.canonical(req.augment).equals(stored.options().augment())) {
            conflicts.add("--augment " + req.augment + " (run: " + stored.options().augment() + ")");
        }
        if (req.adaTarget != null && req.adaTarget != stored.options().adaTarget()) {
            conflicts.add("--ada-target " + req.adaTarget + " (run: " + stored.options().adaTarget() + ")");
        }
        Gen4jException.check(conflicts.isEmpty(), "--resume continues the run as configured, but %s differ; drop them or start a new run with --out.",
                String.join(", ", conflicts));
    }

    /**
     * Hands the augmenter to a model whose discriminator can take it; augmentation asked of a model
     * without a discriminator is refused.
     */
    static void withAugmenter(TrainableModel m, Augmenter augmenter, String model) {
        if (m instanceof Augmentable a) {
            a.augmentWith(augmenter);
        } else {
            Gen4jException.check(augmenter == Augmenter.NONE, "--augment applies to the images a discriminator sees, and model %s has none.",
                    model);
        }
    }

    private static String describeAugment(TrainOptions o) {
        return o.augment().equals(Augmentation.NONE) ? ""
                : ", augment " + o.augment() + (o.augment().startsWith("ada") ? " (target " + o.adaTarget() + ")" : "");
    }

    private static void discardNewerCheckpoints(RunDirectory run, Checkpoints.Info info) throws IOException {
        for (Path p : Checkpoints.list(run.checkpoints())) {
            if (p.getFileName().toString().compareTo(info.json().getFileName().toString()) > 0) {
                Files.deleteIfExists(p);
            }
        }
        Checkpoints.prune(run.checkpoints(), Integer.MAX_VALUE);
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
