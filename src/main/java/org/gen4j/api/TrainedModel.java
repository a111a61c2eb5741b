package org.gen4j.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gen4j.Gen4jException;
import org.gen4j.data.Dataset;
import org.gen4j.data.Datasets;
import org.gen4j.data.Resize;
import org.gen4j.models.ModelSpec;
import org.gen4j.models.Models;
import org.gen4j.train.Checkpoints;
import org.gen4j.train.Configs;
import org.gen4j.train.DatasetConditioned;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.LatentTruncation;
import org.gen4j.train.RunConfig;
import org.gen4j.train.Sampler;
import org.gen4j.models.style.MultimodalTruncation;
import org.gen4j.train.StyleGenerator;
import org.gen4j.train.TrainableModel;

/**
 * A trained model restored from a checkpoint: its run configuration and, for sampling, its
 * moving-average generator. {@link #generate} is what {@code gen4j sample --seeds} draws.
 * Close it to release its tensors.
 */
public final class TrainedModel implements AutoCloseable {

    private static final int BATCH = 32;

    private final RunConfig config;
    private final TrainableModel model;
    private final Checkpoints.Info checkpoint;

    private TrainedModel(RunConfig config, TrainableModel model, Checkpoints.Info checkpoint) {
        this.config = config;
        this.model = model;
        this.checkpoint = checkpoint;
    }

    static TrainedModel open(Path path) {
        Gen4jException.check(Files.exists(path), "%s does not exist.", path);
        Checkpoints.Info info;
        if (Files.isDirectory(path)) {
            info = Checkpoints.latest(path.resolve("checkpoints"));
        } else {
            Path json = Checkpoints.record(path);
            Gen4jException.check(Files.isRegularFile(json), "%s does not exist.", json);
            info = Checkpoints.verify(json);
        }
        RunConfig config = RunConfig.fromJson(info.runConfig(), name -> Models.get(name).configType(), info.json().toString());
        ModelSpec<?> spec = Models.get(config.model());
        TrainableModel model = spec.createUnchecked(config.modelConfig(), config.seed());
        try (NDManager scratch = NDManager.newBaseManager()) {
            Checkpoints.load(info, model, scratch);
            if (model instanceof DatasetConditioned dc) {
                // the model conditions on its training instances: they come from the run's data
                Dataset data = Datasets.open(config.data(), System.err::println);
                dc.attach(Resize.fit(data, Configs.intValue(config.modelConfig(), "resolution")), System.err::println);
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        model.schedule(info.imagesSeen());
        return new TrainedModel(config, model, info);
    }

    /**
     * The model's name.
     *
     * @return the name {@code gen4j models} lists, e.g. {@code biggan}
     */
    public String modelName() {
        return config.model();
    }

    /**
     * The run's resolved configuration.
     *
     * @return model, preset, data, class names, seed and every setting
     */
    public RunConfig config() {
        return config;
    }

    /**
     * The checkpoint this model was restored from.
     *
     * @return its files, step, images seen and state
     */
    public Checkpoints.Info checkpoint() {
        return checkpoint;
    }

    /**
     * How far the model was trained.
     *
     * @return real images seen when the checkpoint was written
     */
    public long imagesSeen() {
        return checkpoint.imagesSeen();
    }

    /**
     * The classes of the training data.
     *
     * @return their names in index order; empty for unlabelled data
     */
    public List<String> classNames() {
        return config.classNames();
    }

    /**
     * The generator sampling uses.
     *
     * @return the moving-average generator: latents (and classes) in, images out
     */
    public ImageGenerator generator() {
        return model.generator();
    }

    /**
     * The whole model.
     *
     * @return both networks, the moving average and the optimisers, for training on
     */
    public TrainableModel trainable() {
        return model;
    }

    /**
     * The images of {@code seeds}, as {@code gen4j sample --seeds} makes them: each seed's latent
     * depends only on the seed.
     *
     * @param seeds one seed per image
     * @param classes the class of each image for a conditional model ({@code null} for an
     *     unconditional one)
     * @param truncation {@code null} for none; the model's truncation trick otherwise (see {@link #truncated})
     * @return the images, in the order of the seeds
     */
    public Images generate(long[] seeds, int[] classes, Double truncation) {
        ImageGenerator g = truncated(modelName(), generator(), truncation, null);
        Gen4jException.check(classes == null || classes.length == seeds.length, "%d classes for %d seeds; give one class per seed.",
                classes == null ? 0 : classes.length, seeds.length);
        Gen4jException.check(g.numClasses() == 0 || classes != null, "model %s is class-conditional; give a class per seed.", modelName());
        Gen4jException.check(g.numClasses() > 0 || classes == null, "model %s is unconditional; it takes no classes.", modelName());
        if (classes != null) {
            for (int c : classes) {
                Gen4jException.check(c >= 0 && c < g.numClasses(), "class %d is out of range; model %s has classes 0 to %d.", c, modelName(),
                        g.numClasses() - 1);
            }
        }
        List<float[]> latents = new ArrayList<>(seeds.length);
        for (long s : seeds) {
            latents.add(g.latent(s));
        }
        return generate(g, latents, classes);
    }

    /**
     * Images from latents, generated in minibatches of 32.
     *
     * @param g the generator
     * @param latents one latent per image, each {@code g.latentDim()} long
     * @param classes one class per image, or {@code null} for an unconditional generator
     * @return the images, in the order of the latents
     */
    public static Images generate(ImageGenerator g, List<float[]> latents, int[] classes) {
        int size = g.imageChannels() * g.resolution() * g.resolution();
        float[] out = new float[latents.size() * size];
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int i = 0; i < latents.size(); i += BATCH) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    int end = Math.min(latents.size(), i + BATCH);
                    NDArray batch = Sampler.generate(g, manager, latents.subList(i, end),
                            classes == null ? null : java.util.Arrays.copyOfRange(classes, i, end));
                    float[] v = batch.toFloatArray();
                    System.arraycopy(v, 0, out, i * size, v.length);
                }
            }
        }
        return new Images(out, latents.size(), g.imageChannels(), g.resolution());
    }

    /**
     * {@code g} with the truncation trick of its model ({@code null}s: unchanged): for the
     * style-based models {@code w_avg + psi (w - w_avg)} in the layers below {@code cutoff}, psi
     * in [0, 1]; for BigGAN and the SN-ResNet models the threshold {@code psi > 0} beyond which
     * latent components are resampled. Other models refuse it.
     *
     * @param model the model's name, for messages
     * @param g the generator
     * @param psi the truncation, or {@code null}
     * @param cutoff the first layer left untruncated (style-based models), or {@code null} for all
     * @return the truncated generator
     */
    public static ImageGenerator truncated(String model, ImageGenerator g, Double psi, Integer cutoff) {
        if (psi == null && cutoff == null) {
            return g;
        }
        if (g instanceof LatentTruncation lt) {
            Gen4jException.check(cutoff == null, "model %s truncates its latents, not per layer; drop --truncation-cutoff.", model);
            Gen4jException.check(psi > 0 && Double.isFinite(psi), "--truncation %s must be positive for model %s: it is the threshold beyond "
                    + "which latent components are resampled (smaller gives less varied, more typical images).", psi, model);
            return lt.truncated(psi);
        }
        Gen4jException.check(g instanceof StyleGenerator, "model %s has no truncation trick; drop --truncation.", model);
        StyleGenerator sg = (StyleGenerator) g;
        double p = psi == null ? 1 : psi;
        return sg.truncated(p, styleCutoff(sg, p, cutoff));
    }

    /**
     * Multimodal truncation (StyleGAN-XL, section 5) of a style-based model: each w pulled towards
     * the nearest of {@code centres} k-means centres of {@code samples} ws of its class (see
     * {@link MultimodalTruncation}), by {@code psi} (default 1), below layer {@code cutoff} (default all).
     *
     * @param model the model's name, for messages
     * @param g the generator, style-based
     * @param psi the pull's strength, 1 none and 0 the centre itself, or {@code null} for 1
     * @param cutoff the first layer left untruncated, or {@code null} for all
     * @param centres the number of k-means centres, per class
     * @param samples the ws drawn per class to cluster, at least {@code centres}
     * @return the truncated generator
     * @throws Gen4jException if {@code g} has no W space or the numbers are out of range
     */
    public static ImageGenerator truncatedToCentres(String model, ImageGenerator g, Double psi, Integer cutoff, int centres, int samples) {
        Gen4jException.check(g instanceof StyleGenerator, "model %s has no W space to cluster; drop --truncation-centers.", model);
        StyleGenerator sg = (StyleGenerator) g;
        double p = psi == null ? 1 : psi;
        return MultimodalTruncation.of(sg, p, styleCutoff(sg, p, cutoff), centres, samples, 0);
    }

    /** Checks psi in [0, 1] and the cutoff against the model's layers; returns the cutoff (all layers when {@code null}). */
    private static int styleCutoff(StyleGenerator sg, double psi, Integer cutoff) {
        Gen4jException.check(psi >= 0 && psi <= 1, "--truncation %s is outside [0, 1] (1 leaves w unchanged, 0 gives the average w).", psi);
        int c = cutoff == null ? sg.numWs() : cutoff;
        Gen4jException.check(c >= 0 && c <= sg.numWs(), "--truncation-cutoff %d is out of range; this model has layers 0 to %d.",
                c, sg.numWs() - 1);
        return c;
    }

    @Override
    public void close() {
        model.close();
    }
}
