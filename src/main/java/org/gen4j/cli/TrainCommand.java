package org.gen4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gen4j.api.Gen4j;
import org.gen4j.api.TrainRequest;
import org.gen4j.augment.Augmentation;
import org.gen4j.models.Models;
import org.gen4j.ops.Precision;
import org.gen4j.train.TrainOptions;
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

    @Option(names = "--base", paramLabel = "RUN", description = "Stage-2 models (ncpvae): the trained run they build on, e.g. a VDVAE "
            + "run folder (sets the model's base setting).")
    Path base;

    @Option(names = "--stem", paramLabel = "RUN", description = "StyleGAN-XL: the trained run of the previous stage to grow from "
            + "(sets the model's stem setting).")
    Path stem;

    @Option(names = "--projection-net", paramLabel = "FILE", description = "StyleGAN-XL: the frozen feature network of the projected "
            + "discriminator, a gen4j featnet file or a TorchScript file (sets projectionNet); default: a random frozen network.")
    Path projectionNet;

    @Option(names = "--instance-net", paramLabel = "FILE", description = "IC-GAN: the frozen feature network whose features of an "
            + "instance condition G, a gen4j featnet file or a TorchScript file (sets featureNet); default: the built-in one.")
    Path instanceNet;

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

    @Option(names = "--augment", paramLabel = "none|diffaug[=POLICIES]|ada[=GROUPS]", description = "Augment every image the discriminator "
            + "sees (GANs): DiffAugment with policies color,translation,cutout (default all), or ADA with groups blit,geom,color "
            + "(default all) and its adaptive probability; default: none.")
    String augment;

    @Option(names = "--ada-target", description = "ADA's target of E[sign(D(real))], in (0, 1); default: 0.6.")
    Double adaTarget;

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
        if (augment != null) {
            Augmentation.canonical(augment);
        }
        if (adaTarget != null) {
            Augmentation.checkTarget(adaTarget);
        }
        checkTakes(base, "--base", "base", "the run a stage-2 model (ncpvae) builds on");
        checkTakes(stem, "--stem", "stem", "the stage a StyleGAN-XL run grows from");
        checkTakes(projectionNet, "--projection-net", "projectionNet", "the projected discriminator's feature network (stylegan-xl)");
        checkTakes(instanceNet, "--instance-net", "featureNet", "the instance feature network (icgan)");
        TrainRequest request = resume != null ? TrainRequest.resume(resume).withModel(model) : TrainRequest.model(model);
        request.preset(preset).data(data).resolution(resolution).batch(batch).kimg(kimg).seed(seed).out(out).force(force)
                .reporting(tickKimg, snapshotKimg, checkpointKimg, keepCheckpoints, grid).metrics(metrics, metricsKimg, metricsNum, featureNet)
                .precision(precision).augment(augment, adaTarget);
        setPath(request, "base", base);
        setPath(request, "stem", stem);
        setPath(request, "projectionNet", projectionNet);
        setPath(request, "featureNet", instanceNet);
        sets.forEach(request::set);
        TrainingLoop.Result r = Gen4j.train(request, spec.commandLine().getOut(), !noProgress && System.console() != null, line -> {});
        return r.interrupted() ? 130 : 0;
    }

    private static void setPath(TrainRequest request, String key, Path value) {
        if (value != null) {
            request.set(key + "=" + value.toAbsolutePath().normalize());
        }
    }

    /** A flag that sets a model setting names the model's own setting; on --resume the run's model is checked when it loads. */
    private void checkTakes(Path value, String flag, String key, String what) {
        if (value != null && resume == null) {
            String m = model == null ? "progan" : model;
            org.gen4j.Gen4jException.check(org.gen4j.train.Configs.keys(configType(m)).contains(key),
                    "%s names %s, and model %s takes none; drop %s.", flag, what, m, flag);
        }
    }

    static Class<? extends Record> configType(String modelName) {
        return Models.get(modelName).configType();
    }
}
