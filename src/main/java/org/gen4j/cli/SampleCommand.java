package org.gen4j.cli;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gen4j.Gen4jException;
import org.gen4j.io.ImageFiles;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.Sampler;
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

    @Option(names = "--grid", paramLabel = "OUT.png", description = "Write all images as one PNG grid.")
    Path grid;

    @Option(names = "--outdir", paramLabel = "DIR", description = "Write one PNG per seed, seedNNNN.png.")
    Path outdir;

    @Option(names = "--truncation", paramLabel = "PSI", description = "Truncation psi, for models with a truncation trick.")
    Double truncation;

    @Option(names = "--class", paramLabel = "C", description = "Class index, for conditional models.")
    Integer classLabel;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Gen4jException.check(grid != null || outdir != null, "say where to write the images: --grid OUT.png and/or --outdir DIR.");
        Gen4jException.check(grid == null || grid.toString().toLowerCase().endsWith(".png"), "--grid %s must name a .png file.", grid);
        long[] s = Seeds.parse(seeds, "--seeds");
        try (LoadedRun loaded = LoadedRun.open(source); NDManager manager = NDManager.newBaseManager()) {
            ImageGenerator g = loaded.model.generator();
            checkConditioning(loaded.config.model(), g, classLabel, truncation);
            List<BufferedImage> images = Sampler.render(g, manager, s, classLabel == null ? -1 : classLabel);
            PrintWriter out = spec.commandLine().getOut();
            if (grid != null) {
                ImageFiles.writePng(grid, ImageFiles.grid(images, ImageFiles.squareColumns(images.size()), 2));
                out.printf("wrote %d images (%dx%d) to %s%n", images.size(), g.resolution(), g.resolution(), grid);
            }
            if (outdir != null) {
                Files.createDirectories(outdir);
                for (int i = 0; i < s.length; i++) {
                    ImageFiles.writePng(outdir.resolve(String.format("seed%04d.png", s[i])), images.get(i));
                }
                out.printf("wrote %d images (%dx%d) to %s%n", images.size(), g.resolution(), g.resolution(), outdir);
            }
            out.flush();
        }
        return 0;
    }

    /** Refuses a class for an unconditional model, a class out of range, and truncation where there is none. */
    static void checkConditioning(String model, ImageGenerator g, Integer classLabel, Double truncation) {
        Gen4jException.check(truncation == null, "model %s has no truncation trick; drop --truncation.", model);
        if (classLabel != null) {
            Gen4jException.check(g.numClasses() > 0, "model %s is unconditional; drop --class.", model);
            Gen4jException.check(classLabel >= 0 && classLabel < g.numClasses(), "--class %d is out of range; this model has classes 0 to %d.",
                    classLabel, g.numClasses() - 1);
        }
    }
}
