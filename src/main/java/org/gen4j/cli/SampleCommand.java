package org.gen4j.cli;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gen4j.Gen4jException;
import org.gen4j.api.Images;
import org.gen4j.api.TrainedModel;
import org.gen4j.io.ImageFiles;
import ai.djl.ndarray.NDArray;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.NoiseMode;
import org.gen4j.models.style.MultimodalTruncation;
import org.gen4j.train.StyleGenerator;
import org.gen4j.train.InstanceGenerator;
import org.gen4j.train.LatentStepsGenerator;
import org.gen4j.train.Sampler;
import org.gen4j.train.TransformableGenerator;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gen4j sample}: images from a trained generator at given seeds. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate images at given seeds from a run's generator (its moving average where it keeps one).")
final class SampleCommand implements java.util.concurrent.Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    LoadedRun.Source source;

    @Option(names = "--seeds", defaultValue = "0-63", description = "Seeds, e.g. 0-63 or 1,5,9; default: ${DEFAULT-VALUE}.")
    String seeds;

    @Option(names = "--latents", paramLabel = "Z.npy", description = "Generate from these latents instead of seeds: a float32 "
            + ".npy of shape [N, latent length] (numpy's np.save).")
    Path latentsFile;

    @Option(names = "--labels", paramLabel = "C.npy", description = "With --latents, one class per latent for a conditional model: an "
            + "int64 .npy of shape [N].")
    Path labelsFile;

    @Option(names = "--npy", paramLabel = "OUT.npy", description = "Also write the images as generated, before clamping and "
            + "quantisation: float32 [N, C, H, W] in [-1, 1] scale, in grid order.")
    Path npy;

    @Option(names = "--grid", paramLabel = "OUT.png", description = "Write all images as one PNG grid.")
    Path grid;

    @Option(names = "--outdir", paramLabel = "DIR", description = "Write one PNG per seed, seedNNNN.png.")
    Path outdir;

    @Option(names = "--truncation", paramLabel = "PSI",
            description = "Style-based models: psi in [0, 1], w_avg + psi (w - w_avg), 1 is none. BigGAN: the threshold beyond "
                    + "which latent components are resampled, positive.")
    Double truncation;

    @Option(names = "--truncation-cutoff", paramLabel = "LAYERS",
            description = "Truncate only the ws of layers below this index; default: all layers.")
    Integer truncationCutoff;

    @Option(names = "--truncation-centers", paramLabel = "K", description = "Style-based models: multimodal truncation (StyleGAN-XL, "
            + "section 5): pull each w towards the nearest of K k-means centres of --truncation-samples ws of its class, not towards "
            + "the one average w; default: off.")
    Integer truncationCenters;

    @Option(names = "--truncation-samples", paramLabel = "N", description = "With --truncation-centers: ws drawn per class to cluster; "
            + "default: 10000.")
    Integer truncationSamples;

    @Option(names = "--class", paramLabel = "C", description = "Conditional models: a class index or name, a list (3,7), or all "
            + "(one row per class, the same seeds in every row); default: all.")
    String classSpec;

    @Option(names = "--latent-steps", paramLabel = "N", description = "CS-GAN, LOGAN: latent optimisation steps per sample; "
            + "default: the paper's (0 samples G directly).")
    Integer latentSteps;

    @Option(names = "--instance", paramLabel = "IMAGE", split = ",", description = "IC-GAN: generate the neighbourhood of this image "
            + "(any image); several (A.png,B.png): one grid row per image, led by the image itself.")
    List<Path> instance;

    @Option(names = "--instance-index", paramLabel = "I", description = "IC-GAN: generate the neighbourhood of training instance I; "
            + "several (3,17 or 0-4): one grid row per instance, led by the instance itself.")
    String instanceIndex;

    @Option(names = "--translate", paramLabel = "X,Y", description = "StyleGAN3: translate the images through the synthesis input's "
            + "transform, in fractions of the image side (x right, y down).")
    String translate;

    @Option(names = "--rotate", paramLabel = "DEG", description = "StyleGAN3: rotate the images through the synthesis input's transform.")
    Double rotate;

    @Option(names = "--temperature", paramLabel = "T", description = "VDVAE: every latent group's prior standard deviation times T "
            + "(in (0, 10]; 1, the default, is the model's prior; lower gives smoother images).")
    Double temperature;

    @CommandLine.Mixin
    SamplerOptions sampling = new SamplerOptions();

    @Option(names = "--noise-mode", paramLabel = "MODE", description = "StyleGAN, StyleGAN2: the per-pixel noise, const (the fixed maps "
            + "drawn at initialisation, as the official code's noise_mode='const'), random (fresh each call) or none; default: const.")
    String noiseMode;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        NoiseMode noise = noiseMode == null ? null : Flags.noiseMode(noiseMode);
        Flags.truncation(truncation, truncationCutoff);
        Gen4jException.check(truncationSamples == null || truncationCenters != null, "--truncation-samples needs --truncation-centers K.");
        if (truncationCenters != null) {
            MultimodalTruncation.check(truncationCenters, truncationSamples == null ? 10_000 : truncationSamples);
        }
        Flags.latentSteps(latentSteps);
        Flags.temperature(temperature);
        sampling.check();
        List<Path> instanceImages = instance == null ? List.of() : instance;
        long[] instanceIndices = instanceIndex == null ? new long[0] : Seeds.parse(instanceIndex, "--instance-index");
        Gen4jException.check(instanceImages.isEmpty() || instanceIndices.length == 0, "--instance and --instance-index exclude each other; give one.");
        boolean rowsOfInstances = instanceImages.size() + instanceIndices.length > 1;
        Gen4jException.check(!rowsOfInstances || latentsFile == null, "several instances take --seeds (the same in every row), not --latents.");
        Flags.angle(rotate, "--rotate");
        Gen4jException.check(grid != null || outdir != null || npy != null,
                "say where to write the images: --grid OUT.png, --outdir DIR and/or --npy OUT.npy.");
        Gen4jException.check(npy == null || npy.toString().toLowerCase().endsWith(".npy"), "--npy %s must name a .npy file.", npy);
        Gen4jException.check(latentsFile == null || !spec.commandLine().getParseResult().hasMatchedOption("--seeds"),
                "--latents replaces --seeds; give one of them.");
        Gen4jException.check(labelsFile == null || latentsFile != null, "--labels gives the classes of --latents; add --latents Z.npy.");
        Gen4jException.check(grid == null || grid.toString().toLowerCase().endsWith(".png"), "--grid %s must name a .png file.", grid);
        long[] s = Seeds.parse(seeds, "--seeds");
        try (LoadedRun loaded = LoadedRun.open(source); NDManager manager = NDManager.newBaseManager()) {
            ImageGenerator g = loaded.model.generator();
            if (noise != null) {
                Gen4jException.check(g instanceof StyleGenerator, "model %s has no per-pixel noise; drop --noise-mode.", loaded.config.model());
                g = ((StyleGenerator) g).withNoise(noise);
            }
            if (translate != null || rotate != null) {
                g = transform(loaded.config.model(), g, translate == null ? new double[2] : pair(translate, "--translate"),
                        rotate == null ? 0 : rotate, spec.commandLine().getErr());
            }
            g = withTemperature(loaded.config.model(), g, temperature);
            g = sampling.apply(loaded.config.model(), g);
            g = truncationCenters != null
                    ? TrainedModel.truncatedToCentres(loaded.config.model(), withLatentSteps(loaded.config.model(), g, latentSteps), truncation,
                            truncationCutoff, truncationCenters, truncationSamples == null ? 10_000 : truncationSamples)
                    : TrainedModel.truncated(loaded.config.model(), withLatentSteps(loaded.config.model(), g, latentSteps), truncation,
                            truncationCutoff);
            if (!rowsOfInstances) {
                g = atInstance(loaded.config.model(), g, instanceImages.isEmpty() ? null : instanceImages.get(0),
                        instanceIndices.length == 0 ? null : index(instanceIndices[0]), manager);
            }
            int[] classes = ClassChoice.parse(classSpec, "--class", loaded.config.model(), loaded.config.classNames(), g.numClasses());
            if (classes == null && g.numClasses() > 0) {
                classes = ClassChoice.parse("all", "--class", loaded.config.model(), loaded.config.classNames(), g.numClasses());
            }
            PrintWriter out = spec.commandLine().getOut();
            Cells cells;
            Images generated;
            List<BufferedImage> shown;
            if (rowsOfInstances) {
                Gen4jException.check(g.numClasses() == 0 || classSpec != null && classes.length == 1,
                        "model %s is class-conditional: with several instances give one --class.", loaded.config.model());
                cells = fromSeeds(g, s, classes);
                InstanceRows rows = instanceRows(loaded.config.model(), g, instanceImages, instanceIndices, cells, manager);
                generated = rows.generated;
                shown = rows.shown;
                cells = rows.cells;
            } else {
                cells = latentsFile != null ? fromLatents(g, loaded, classes) : fromSeeds(g, s, classes);
                generated = TrainedModel.generate(g, cells.latents, cells.classes);
                shown = generated.images();
            }
            List<BufferedImage> images = generated.images();
            String size = String.format("%d images (%dx%d)", images.size(), g.resolution(), g.resolution());
            if (grid != null) {
                ImageFiles.writePng(grid, ImageFiles.grid(shown, cells.columns, 2));
                out.printf("wrote %s to %s%n", size, grid);
            }
            if (outdir != null) {
                Files.createDirectories(outdir);
                for (int i = 0; i < images.size(); i++) {
                    ImageFiles.writePng(outdir.resolve(cells.names.get(i)), images.get(i));
                }
                out.printf("wrote %s to %s%n", size, outdir);
            }
            if (npy != null) {
                org.gen4j.io.Npy.write(npy, generated.values(), generated.shape());
                out.printf("wrote %s as float32 to %s%n", size, npy);
            }
            out.flush();
        }
        return 0;
    }

    /** The images to make, in grid order: their latents, classes ({@code null}: unconditional) and file names. */
    private record Cells(List<float[]> latents, int[] classes, List<String> names, int columns) {}

    /** The images of {@link #instanceRows}: the grid's cells, instances included, and what was generated. */
    private record InstanceRows(List<BufferedImage> shown, Images generated, Cells cells) {}

    /**
     * One row per instance (IC-GAN's figure of instances and their neighbourhoods): the instance
     * itself, then the images generated from its features at {@code seeds}' latents, the same in every row.
     */
    private static InstanceRows instanceRows(String model, ImageGenerator g, List<Path> images, long[] indices, Cells seeds,
            NDManager manager) {
        List<NDArray> leads = new java.util.ArrayList<>();
        List<ImageGenerator> bound = new java.util.ArrayList<>();
        List<String> labels = new java.util.ArrayList<>();
        for (long i : indices) {
            leads.add(org.gen4j.api.Explore.trainingImage(model, g, index(i), manager));
            bound.add(org.gen4j.api.Explore.atTrainingInstance(model, g, index(i), manager));
            labels.add(String.format("instance%05d", i));
        }
        for (int i = 0; i < images.size(); i++) {
            leads.add(org.gen4j.api.Explore.instanceImage(model, g, images.get(i), manager));
            bound.add(org.gen4j.api.Explore.atImage(model, g, images.get(i), manager));
            labels.add(String.format("image%02d", i));
        }
        int per = seeds.latents.size(), res = g.resolution(), ch = g.imageChannels(), size = ch * res * res;
        List<BufferedImage> shown = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        float[] values = new float[leads.size() * per * size];
        for (int r = 0; r < leads.size(); r++) {
            shown.addAll(ImageFiles.toImages(leads.get(r)));
            Images row = TrainedModel.generate(bound.get(r), seeds.latents, seeds.classes);
            shown.addAll(row.images());
            System.arraycopy(row.values(), 0, values, r * per * size, per * size);
            for (String name : seeds.names) {
                names.add(labels.get(r) + "-" + name);
            }
        }
        return new InstanceRows(shown, new Images(values, leads.size() * per, ch, res), new Cells(List.of(), null, names, per + 1));
    }

    /** An instance index from {@link Seeds#parse}; beyond {@code int} it is out of every range. */
    private static int index(long i) {
        return (int) Math.min(i, Integer.MAX_VALUE);
    }

    /** Seeds as before: a square grid, or for a conditional model one row per class with the same seeds in every row. */
    private static Cells fromSeeds(ImageGenerator g, long[] s, int[] classes) {
        int rows = classes == null ? 1 : classes.length;
        List<float[]> latents = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        int[] cellClasses = classes == null ? null : new int[rows * s.length];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < s.length; i++) {
                latents.add(g.latent(s[i]));
                if (classes != null) {
                    cellClasses[r * s.length + i] = classes[r];
                }
                names.add(classes == null ? String.format("seed%04d.png", s[i]) : String.format("class%02d-seed%04d.png", classes[r], s[i]));
            }
        }
        return new Cells(latents, cellClasses, names, rows == 1 ? ImageFiles.squareColumns(s.length) : s.length);
    }

    /** {@code --latents Z.npy} (and {@code --labels C.npy}): the given latents, in file order. */
    private Cells fromLatents(ImageGenerator g, LoadedRun loaded, int[] classes) {
        org.gen4j.io.Npy.Array z = org.gen4j.io.Npy.read(latentsFile);
        long[] shape = z.header().shape();
        Gen4jException.check(shape.length == 2 && shape[1] == g.latentDim() && shape[0] >= 1,
                "--latents %s has shape %s; model %s takes [N, %d].", latentsFile, java.util.Arrays.toString(shape), loaded.config.model(),
                g.latentDim());
        float[] values = z.floats("--latents " + latentsFile);
        int n = (int) shape[0], dim = g.latentDim();
        List<float[]> latents = new java.util.ArrayList<>(n);
        List<String> names = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            latents.add(java.util.Arrays.copyOfRange(values, i * dim, (i + 1) * dim));
            names.add(String.format("latent%04d.png", i));
        }
        int[] cellClasses = null;
        if (labelsFile != null) {
            Gen4jException.check(g.numClasses() > 0, "--labels gives classes, but model %s is unconditional.", loaded.config.model());
            org.gen4j.io.Npy.Array c = org.gen4j.io.Npy.read(labelsFile);
            Gen4jException.check(c.header().shape().length == 1 && c.header().shape()[0] == n, "--labels %s has shape %s; it must be [%d], "
                    + "one class per latent.", labelsFile, java.util.Arrays.toString(c.header().shape()), n);
            cellClasses = c.ints("--labels " + labelsFile);
            for (int i = 0; i < n; i++) {
                Gen4jException.check(cellClasses[i] >= 0 && cellClasses[i] < g.numClasses(), "--labels %s: class %d of latent %d is outside 0 "
                        + "to %d.", labelsFile, cellClasses[i], i, g.numClasses() - 1);
            }
        } else if (g.numClasses() > 0) {
            Gen4jException.check(classSpec != null && classes.length == 1, "model %s is class-conditional: with --latents give --labels C.npy "
                    + "or one --class.", loaded.config.model());
            cellClasses = Sampler.repeat(classes[0], n);
        }
        return new Cells(latents, cellClasses, names, ImageFiles.squareColumns(n));
    }

    /**
     * The generator rendering through the input transform {@code --translate X,Y --rotate DEG}
     * ({@link org.gen4j.api.Explore#transformed}); notes a translation that shows more than the
     * margin the network synthesises beyond the image.
     */
    static ImageGenerator transform(String model, ImageGenerator g, double[] t, double degrees, PrintWriter err) {
        ImageGenerator out = org.gen4j.api.Explore.transformed(model, g, t[0], t[1], degrees);
        TransformableGenerator tg = (TransformableGenerator) g;
        if (org.gen4j.api.Explore.beyondMargin(tg, t[0], t[1])) {
            err.printf("note: a translation by %s,%s moves the view further than the %.3f of the image the network synthesises beyond"
                    + " its edges; what comes in was never seen in training.%n", t[0], t[1], tg.margin());
            err.flush();
        }
        return out;
    }

    /** Two finite numbers {@code X,Y}. */
    static double[] pair(String text, String option) {
        String[] parts = text.split(",");
        Gen4jException.check(parts.length == 2, "%s takes two numbers X,Y, got '%s'.", option, text);
        double[] v = new double[2];
        for (int i = 0; i < 2; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new Gen4jException(option + " takes two numbers X,Y, got '" + text + "'.");
            }
            Gen4jException.check(Double.isFinite(v[i]), "%s takes two finite numbers X,Y, got '%s'.", option, text);
        }
        return v;
    }

    /** The generator sampling its prior at {@code temperature} ({@link org.gen4j.api.Explore#withTemperature}). */
    static ImageGenerator withTemperature(String model, ImageGenerator g, Double temperature) {
        return org.gen4j.api.Explore.withTemperature(model, g, temperature);
    }

    /** The generator taking {@code steps} latent steps ({@link org.gen4j.api.Explore#withLatentSteps}). */
    static ImageGenerator withLatentSteps(String model, ImageGenerator g, Integer steps) {
        return org.gen4j.api.Explore.withLatentSteps(model, g, steps);
    }

    /**
     * The generator bound to an instance: any image ({@code --instance}) or a training instance
     * ({@code --instance-index}), through {@link org.gen4j.api.Explore}.
     */
    static ImageGenerator atInstance(String model, ImageGenerator g, Path image, Integer index, NDManager manager) {
        if (image == null && index == null) {
            return g;
        }
        Gen4jException.check(image == null || index == null, "--instance and --instance-index exclude each other; give one.");
        Gen4jException.check(g instanceof InstanceGenerator, "model %s is not conditioned on instances; drop --instance and --instance-index.",
                model);
        return index != null ? org.gen4j.api.Explore.atTrainingInstance(model, g, index, manager)
                : org.gen4j.api.Explore.atImage(model, g, image, manager);
    }
}
