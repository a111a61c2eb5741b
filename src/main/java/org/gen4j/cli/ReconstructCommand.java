package org.gen4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gen4j.Gen4jException;
import org.gen4j.data.Dataset;
import org.gen4j.data.Datasets;
import org.gen4j.io.ImageFiles;
import org.gen4j.train.Reconstructor;
import org.gen4j.train.StepRandom;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gen4j reconstruct}: encodes images and decodes them from their top latent groups, the
 * groups below drawn from the prior (VDVAE, figure 4): one row per image, the image first, then
 * {@code --samples} decodings.
 */
@Command(name = "reconstruct", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Encode images with a hierarchical VAE and decode them from the posterior latents of the top groups, the lower groups "
                + "sampled from the prior: one row per image, the image, then the samples.")
final class ReconstructCommand implements java.util.concurrent.Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    LoadedRun.Source source;

    @Option(names = "--images", required = true, paramLabel = "DIR|DATASET", description = "The images: a folder, a file or a dataset name, "
            + "of the model's size and channels (or of its training data's size, fitted as in training).")
    String images;

    @Option(names = "--out", required = true, paramLabel = "F.png", description = "Where to write the grid.")
    Path out;

    @Option(names = "--depth", paramLabel = "D", description = "Latent groups, from the top, taken from the image's posterior; the rest are "
            + "sampled from the prior; default: all (a plain reconstruction).")
    Integer depth;

    @Option(names = "--num", defaultValue = "8", paramLabel = "N", description = "Images (rows), the first N; default: ${DEFAULT-VALUE}.")
    int num;

    @Option(names = "--samples", defaultValue = "6", paramLabel = "S", description = "Decodings per image (columns after the image); "
            + "default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--temperature", defaultValue = "1", paramLabel = "T", description = "Temperature of the prior samples below the depth; "
            + "default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the posterior and prior samples; default: ${DEFAULT-VALUE}.")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Flags.between(num, 1, 1024, "--num");
        Flags.between(samples, 1, 64, "--samples");
        Flags.temperature(temperature);
        Flags.atLeast(depth, 0, "--depth");
        Gen4jException.check(out.toString().toLowerCase().endsWith(".png"), "--out %s must name a .png file.", out);
        PrintWriter err = spec.commandLine().getErr();
        try (LoadedRun loaded = LoadedRun.open(source); NDManager manager = NDManager.newBaseManager()) {
            Gen4jException.check(loaded.model instanceof Reconstructor, "model %s has no encoder; reconstruct takes hierarchical VAEs such as vdvae.",
                    loaded.config.model());
            Reconstructor model = (Reconstructor) loaded.model;
            int d = depth == null ? model.latentGroups() : depth;
            Gen4jException.check(d >= 0 && d <= model.latentGroups(), "--depth must lie in 0 to %d (the model's latent groups), got %d.",
                    model.latentGroups(), d);
            Dataset data = fitted(Datasets.open(images, err::println), model, loaded.config.data(), err);
            int n = Math.min(num, data.count());
            NDArray x = manager.create(data.unit(0, n), new Shape(n, data.channels(), data.height(), data.width()));
            List<List<BufferedImage>> columns = new ArrayList<>();
            columns.add(ImageFiles.toImages(x));
            for (int s = 0; s < samples; s++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    columns.add(ImageFiles.toImages(model.reconstruct(x, d, temperature, new StepRandom(seed, s))));
                }
            }
            List<BufferedImage> grid = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (List<BufferedImage> c : columns) {
                    grid.add(c.get(i));
                }
            }
            ImageFiles.writePng(out, ImageFiles.grid(grid, samples + 1, 2));
            PrintWriter o = spec.commandLine().getOut();
            o.printf("wrote %d images with %d decodings each (top %d of %d latent groups from the images) to %s%n", n, samples, d,
                    model.latentGroups(), out);
            o.flush();
        }
        return 0;
    }

    /**
     * The images at the model's size: as they are when they have its size and channels, fitted as
     * training fitted them when they have the size of the run's training data; refused otherwise.
     */
    static Dataset fitted(Dataset d, Reconstructor model, String trainingData, PrintWriter err) {
        int r = model.resolution();
        Gen4jException.check(d.channels() == model.imageChannels(), "--images %s has %d-channel images but the model takes %d-channel ones.",
                d.name(), d.channels(), model.imageChannels());
        if (d.width() == r && d.height() == r) {
            return d;
        }
        Dataset training = Datasets.inspect(trainingData, line -> {});
        Gen4jException.check(d.width() == training.width() && d.height() == training.height(),
                "--images %s has %dx%d images but the model takes %dx%d ones (or %dx%d like its training data).", d.name(), d.width(), d.height(),
                r, r, training.width(), training.height());
        return org.gen4j.data.Resize.fit(d, r);
    }
}
