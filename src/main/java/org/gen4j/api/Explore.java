package org.gen4j.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gen4j.Gen4jException;
import org.gen4j.data.Dataset;
import org.gen4j.data.Datasets;
import org.gen4j.data.Resize;
import org.gen4j.io.ImageFiles;
import org.gen4j.train.ConditionalGenerator;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.InstanceGenerator;
import org.gen4j.train.LatentStepsGenerator;
import org.gen4j.train.PriorSampling;
import org.gen4j.train.ReweightedPriorGenerator;
import org.gen4j.train.Sampler;
import org.gen4j.train.StyleGenerator;
import org.gen4j.train.TemperatureGenerator;
import org.gen4j.train.TransformableGenerator;

/**
 * What {@code gen4j sample}, {@code interpolate} and {@code mix} and the studio do with a
 * generator beyond drawing seeds: views of it (an input transform, latent steps, an instance) and
 * the pictures of exploring it (walks between seeds or classes, the style-mixing grid). Every
 * method refuses, in one sentence, a generator that lacks the capability it needs.
 */
public final class Explore {

    private static final int BATCH = 32;

    private Explore() {}

    /**
     * {@code g} rendering through the input transform (StyleGAN3, section 3.1): images translated
     * by {@code (tx, ty)}, fractions of the image side (x right, y down), and rotated by
     * {@code degrees}.
     *
     * @param model the model's name, for messages
     * @param g the generator
     * @param tx translation to the right
     * @param ty translation down
     * @param degrees rotation
     * @return the transformed generator
     * @throws Gen4jException if {@code g} has no input transform or a value is not finite
     */
    public static ImageGenerator transformed(String model, ImageGenerator g, double tx, double ty, double degrees) {
        Gen4jException.check(g instanceof TransformableGenerator, "model %s has no input transform; drop --translate and --rotate.", model);
        Gen4jException.check(Double.isFinite(tx) && Double.isFinite(ty) && Double.isFinite(degrees),
                "the translation %s,%s and rotation %s must be finite numbers.", tx, ty, degrees);
        return ((TransformableGenerator) g).transformed(tx, ty, degrees);
    }

    /**
     * Whether a translation shows more than the generator synthesises beyond the image's edges
     * (what comes in then was never seen in training).
     *
     * @param g a generator with an input transform
     * @param tx translation to the right
     * @param ty translation down
     * @return true when {@code max(|tx|, |ty|)} exceeds its margin
     */
    public static boolean beyondMargin(TransformableGenerator g, double tx, double ty) {
        return Math.max(Math.abs(tx), Math.abs(ty)) > g.margin();
    }

    /**
     * {@code g} taking {@code steps} latent-optimisation steps per sample (CS-GAN, LOGAN);
     * {@code null} leaves it unchanged.
     *
     * @param model the model's name, for messages
     * @param g the generator
     * @param steps the steps, 0 or more, or {@code null}
     * @return the generator
     * @throws Gen4jException if {@code g} has no latent optimisation or the count is negative
     */
    public static ImageGenerator withLatentSteps(String model, ImageGenerator g, Integer steps) {
        if (steps == null) {
            return g;
        }
        Gen4jException.check(g instanceof LatentStepsGenerator, "model %s has no latent optimisation; drop --latent-steps.", model);
        Gen4jException.check(steps >= 0, "--latent-steps must not be negative, got %d.", steps);
        return ((LatentStepsGenerator) g).withLatentSteps(steps);
    }

    /**
     * {@code g} sampling its reweighted prior as asked (NCP-VAE: SIR or Langevin dynamics), or
     * {@code g} itself when nothing is asked; settings not given keep the generator's own.
     *
     * @param model the model's name, for messages
     * @param g the generator
     * @param sampler {@code prior}, {@code sir} or {@code langevin}, or {@code null}
     * @param proposals SIR's proposals per latent group, or {@code null}
     * @param steps Langevin steps per latent group, or {@code null}
     * @param stepSize the Langevin step size, or {@code null}
     * @return the generator
     * @throws Gen4jException if {@code g} has no reweighted prior or a setting is out of range
     */
    public static ImageGenerator withSampling(String model, ImageGenerator g, String sampler, Integer proposals, Integer steps,
            Double stepSize) {
        if (sampler == null && proposals == null && steps == null && stepSize == null) {
            return g;
        }
        Gen4jException.check(g instanceof ReweightedPriorGenerator, "model %s has no reweighted prior to sample; drop --sampler, --proposals, "
                + "--langevin-steps and --langevin-step-size.", model);
        ReweightedPriorGenerator r = (ReweightedPriorGenerator) g;
        PriorSampling s = r.sampling();
        return r.withSampling(new PriorSampling(sampler == null ? s.sampler() : PriorSampling.Method.parse(sampler),
                proposals == null ? s.proposals() : proposals, steps == null ? s.steps() : steps, stepSize == null ? s.stepSize() : stepSize));
    }

    /**
     * {@code g} sampling its prior at {@code temperature} (VDVAE's per-layer temperature), or
     * {@code g} itself when none is asked for.
     *
     * @param model the model's name, for messages
     * @param g the generator
     * @param temperature the temperature, or {@code null}
     * @return the generator
     * @throws Gen4jException if {@code g} has no prior temperature
     */
    public static ImageGenerator withTemperature(String model, ImageGenerator g, Double temperature) {
        if (temperature == null) {
            return g;
        }
        Gen4jException.check(g instanceof TemperatureGenerator, "model %s has no prior temperature; drop --temperature.", model);
        return ((TemperatureGenerator) g).withTemperature(temperature);
    }

    /**
     * {@code g} bound to training instance {@code index} (IC-GAN).
     *
     * @param model the model's name, for messages
     * @param g the generator
     * @param index the instance, from 0
     * @param manager where the instance's features are made
     * @return the generator of that instance's neighbourhood
     * @throws Gen4jException if {@code g} is not conditioned on instances or the index is out of range
     */
    public static ImageGenerator atTrainingInstance(String model, ImageGenerator g, int index, NDManager manager) {
        InstanceGenerator ig = instances(model, g);
        return ig.at(ig.trainingInstance(index, manager));
    }

    /**
     * {@code g} bound to any image (IC-GAN): read as image folders are, checked for the model's
     * channels and fitted to its resolution.
     *
     * @param model the model's name, for messages
     * @param g the generator
     * @param image an image file
     * @param manager where the instance's features are made
     * @return the generator of that image's neighbourhood
     * @throws Gen4jException if {@code g} is not conditioned on instances or the image is unreadable or of other channels
     */
    public static ImageGenerator atImage(String model, ImageGenerator g, Path image, NDManager manager) {
        InstanceGenerator ig = instances(model, g);
        return ig.at(ig.instanceFeatures(instanceImage(model, g, image, manager)));
    }

    /**
     * An image as IC-GAN takes it as an instance: read as image folders are, checked for the
     * model's channels and fitted to its resolution.
     *
     * @param model the model's name, for messages
     * @param g the generator
     * @param image an image file
     * @param manager where the image is made
     * @return {@code [1, C, R, R]} in [-1, 1]
     * @throws Gen4jException if {@code g} is not conditioned on instances or the image is unreadable or of other channels
     */
    public static NDArray instanceImage(String model, ImageGenerator g, Path image, NDManager manager) {
        instances(model, g);
        Dataset one = Datasets.image(image);
        Gen4jException.check(one.channels() == g.imageChannels(), "the instance %s is %s but the model makes %s images.", image.getFileName(),
                one.channels() == 1 ? "grayscale" : "colour", g.imageChannels() == 1 ? "grayscale" : "colour");
        Dataset fitted = Resize.fit(one, g.resolution());
        return manager.create(fitted.unit(0, 1), new Shape(1, fitted.channels(), fitted.height(), fitted.width()));
    }

    /**
     * Training instance {@code index} itself (IC-GAN).
     *
     * @param model the model's name, for messages
     * @param g the generator
     * @param index the instance, from 0
     * @param manager where the image is made
     * @return {@code [1, C, R, R]} in [-1, 1]
     * @throws Gen4jException if {@code g} is not conditioned on instances or the index is out of range
     */
    public static NDArray trainingImage(String model, ImageGenerator g, int index, NDManager manager) {
        return instances(model, g).trainingImage(index, manager);
    }

    private static InstanceGenerator instances(String model, ImageGenerator g) {
        Gen4jException.check(g instanceof InstanceGenerator, "model %s is not conditioned on instances; drop --instance and --instance-index.",
                model);
        return (InstanceGenerator) g;
    }

    /**
     * Frames along great circles between the seeds' latents (slerp) or, with {@code inW}, along
     * straight lines between their ws (StyleGAN, section 4.2): {@code frames} per segment and the
     * last seed's image at the end.
     *
     * @param model the model's name, for messages
     * @param base the model's generator
     * @param g the generator drawing the seeds' latents (possibly truncated), rendering the walk in Z
     * @param seeds two or more seeds
     * @param frames frames per segment, 1 or more
     * @param inW walk in W (style-based models only)
     * @param psi truncation in W for {@code inW} (1: none)
     * @param label the class of every frame, or -1 for an unconditional model
     * @param manager where the tensors are made
     * @return {@code frames * (seeds - 1) + 1} images
     * @throws Gen4jException if {@code inW} is asked of a model without W
     */
    public static List<BufferedImage> seedWalk(String model, ImageGenerator base, ImageGenerator g, long[] seeds, int frames, boolean inW,
            double psi, int label, NDManager manager) {
        List<float[]> ends = new ArrayList<>();
        for (long seed : seeds) {
            ends.add(g.latent(seed));
        }
        if (inW) {
            Gen4jException.check(base instanceof StyleGenerator, "model %s has no W space; use --space z.", model);
            ends = toW((StyleGenerator) base, manager, ends, label, psi);
            g = ((StyleGenerator) base).fromW();
        }
        List<float[]> path = new ArrayList<>();
        for (int i = 0; i + 1 < ends.size(); i++) {
            float[] a = ends.get(i), b = ends.get(i + 1);
            for (int f = 0; f < frames; f++) {
                double t = (double) f / frames;
                path.add(inW ? Sampler.lerp(a, b, t) : Sampler.slerp(a, b, t));
            }
        }
        path.add(ends.get(ends.size() - 1));
        return Sampler.render(g, manager, path, label < 0 ? null : Sampler.repeat(label, path.size()));
    }

    /** The (truncated) w of every latent; all layers share it, as nothing is mixed. */
    private static List<float[]> toW(StyleGenerator base, NDManager manager, List<float[]> latents, int label, double psi) {
        List<float[]> out = new ArrayList<>();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (float[] z : latents) {
                NDArray classes = label < 0 ? null : manager.full(new Shape(1), label, DataType.INT64);
                NDArray ws = base.mapping(manager.create(z, new Shape(1, z.length)), classes, psi, base.numWs());
                out.add(ws.get("0, 0, :").toFloatArray());
            }
        }
        return out;
    }

    /**
     * Frames at one latent as the class input moves linearly from each class to the next (BigGAN's
     * class interpolation, Brock et al. 2019, figure 8).
     *
     * @param g a generator whose class input mixes linearly
     * @param z the latent
     * @param walk two or more classes
     * @param frames frames per segment, 1 or more
     * @param manager where the tensors are made
     * @return {@code frames * (walk - 1) + 1} images
     */
    public static List<BufferedImage> classWalk(ConditionalGenerator g, float[] z, int[] walk, int frames, NDManager manager) {
        int k = g.numClasses();
        List<float[]> weights = new ArrayList<>();
        for (int i = 0; i + 1 < walk.length; i++) {
            for (int f = 0; f < frames; f++) {
                float[] w = new float[k];
                double t = (double) f / frames;
                w[walk[i]] += (float) (1 - t);
                w[walk[i + 1]] += (float) t;
                weights.add(w);
            }
        }
        float[] last = new float[k];
        last[walk[walk.length - 1]] = 1;
        weights.add(last);
        List<BufferedImage> images = new ArrayList<>();
        for (int from = 0; from < weights.size(); from += BATCH) {
            int n = Math.min(BATCH, weights.size() - from);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                float[] zs = new float[n * z.length], ws = new float[n * k];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(z, 0, zs, i * z.length, z.length);
                    System.arraycopy(weights.get(from + i), 0, ws, i * k, k);
                }
                images.addAll(ImageFiles.toImages(g.generateMixed(manager.create(zs, new Shape(n, z.length)), manager.create(ws, new Shape(n, k)))));
            }
        }
        return images;
    }

    /**
     * The style-mixing grid of the StyleGAN paper (Karras et al. 2019, figure 3): the first row
     * shows the column seeds' images, the first column the row seeds' images, and cell (r, c) is
     * row seed r's image with the ws of {@code layers} taken from column seed c.
     *
     * @param g a style-based generator
     * @param manager where the tensors are made
     * @param rowSeeds the seeds styles are mixed into
     * @param colSeeds the seeds the styles come from
     * @param layers the layers taken from the columns, each in {@code [0, numWs)}
     * @param psi truncation in W, in [0, 1]
     * @param label every image's class for a class-conditional model, -1 for an unconditional one
     * @return {@code (rows + 1) x (cols + 1)} images with a 2-pixel gap, the top-left cell blank
     */
    public static BufferedImage mixGrid(StyleGenerator g, NDManager manager, long[] rowSeeds, long[] colSeeds, int[] layers, double psi,
            int label) {
        List<BufferedImage> cells = new ArrayList<>();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray rowWs = ws(g, manager, rowSeeds, psi, label), colWs = ws(g, manager, colSeeds, psi, label);
            List<BufferedImage> colImages = ImageFiles.toImages(g.synthesis(colWs));
            List<BufferedImage> rowImages = ImageFiles.toImages(g.synthesis(rowWs));
            cells.add(new BufferedImage(g.resolution(), g.resolution(),
                    g.imageChannels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB));
            cells.addAll(colImages);
            for (int r = 0; r < rowSeeds.length; r++) {
                cells.add(rowImages.get(r));
                cells.addAll(ImageFiles.toImages(g.synthesis(mixed(rowWs.get(r), colWs, layers))));
            }
        }
        return ImageFiles.grid(cells, colSeeds.length + 1, 2);
    }

    /**
     * Row ws repeated per column, the chosen layers replaced by each column's.
     *
     * @param row one image's ws {@code [numWs, wDim]}
     * @param colWs the columns' ws {@code [N, numWs, wDim]}
     * @param layers the layers taken from the columns
     * @return {@code [N, numWs, wDim]}
     */
    public static NDArray mixed(NDArray row, NDArray colWs, int[] layers) {
        long n = colWs.getShape().get(0), numWs = row.getShape().get(0);
        boolean[] fromCol = new boolean[(int) numWs];
        for (int l : layers) {
            fromCol[l] = true;
        }
        NDList parts = new NDList();
        for (int l = 0; l < numWs; l++) {
            NDArray layer = fromCol[l] ? colWs.get(":, " + l + ":" + (l + 1) + ", :")
                    : row.get(l + ":" + (l + 1) + ", :").expandDims(0).repeat(0, n);
            parts.add(layer);
        }
        return NDArrays.concat(parts, 1);
    }

    /** The seeds' ws, all of class {@code label} (-1: an unconditional model). */
    private static NDArray ws(StyleGenerator g, NDManager manager, long[] seeds, double psi, int label) {
        float[] z = new float[seeds.length * g.latentDim()];
        for (int i = 0; i < seeds.length; i++) {
            System.arraycopy(Sampler.latent(seeds[i], g.latentDim()), 0, z, i * g.latentDim(), g.latentDim());
        }
        NDArray classes = null;
        if (label >= 0) {
            long[] l = new long[seeds.length];
            java.util.Arrays.fill(l, label);
            classes = manager.create(l);
        }
        return g.mapping(manager.create(z, new Shape(seeds.length, g.latentDim())), classes, psi, g.numWs());
    }
}
