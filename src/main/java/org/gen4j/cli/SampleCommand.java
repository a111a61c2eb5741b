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
import org.gen4j.train.StyleGenerator;
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

    @Option(names = "--truncation", paramLabel = "PSI",
            description = "Truncation psi in [0, 1] for style-based models: w_avg + psi (w - w_avg); 1 is none.")
    Double truncation;

    @Option(names = "--truncation-cutoff", paramLabel = "LAYERS",
            description = "Truncate only the ws of layers below this index; default: all layers.")
    Integer truncationCutoff;

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
            ImageGenerator g = truncate(loaded.config.model(), loaded.model.generator(), truncation, truncationCutoff);
            checkConditioning(loaded.config.model(), g, classLabel);
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

    /**
     * The generator with truncation applied; refuses truncation for a model without W space, psi
     * outside [0, 1] and a cutoff outside the model's layers.
     */
    static ImageGenerator truncate(String model, ImageGenerator g, Double psi, Integer cutoff) {
        if (psi == null && cutoff == null) {
            return g;
        }
        Gen4jException.check(g instanceof StyleGenerator, "model %s has no W space and so no truncation trick; drop --truncation.", model);
        StyleGenerator sg = (StyleGenerator) g;
        double p = psi == null ? 1 : psi;
        Gen4jException.check(p >= 0 && p <= 1, "--truncation %s is outside [0, 1] (1 leaves w unchanged, 0 gives the average w).", p);
        int c = cutoff == null ? sg.numWs() : cutoff;
        Gen4jException.check(c >= 0 && c <= sg.numWs(), "--truncation-cutoff %d is out of range; this model has layers 0 to %d.",
                c, sg.numWs() - 1);
        return sg.truncated(p, c);
    }

    /** Refuses a class for an unconditional model and a class out of range. */
    static void checkConditioning(String model, ImageGenerator g, Integer classLabel) {
        if (classLabel != null) {
            Gen4jException.check(g.numClasses() > 0, "model %s is unconditional; drop --class.", model);
            Gen4jException.check(classLabel >= 0 && classLabel < g.numClasses(), "--class %d is out of range; this model has classes 0 to %d.",
                    classLabel, g.numClasses() - 1);
        }
    }
}
