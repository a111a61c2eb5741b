package org.gen4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.gen4j.Gen4jException;
import org.gen4j.io.ImageFiles;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.Sampler;
import org.gen4j.train.StyleGenerator;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gen4j mix}: the style-mixing grid of the StyleGAN paper (Karras et al. 2019, figure 3).
 * The first row shows the column seeds' images, the first column the row seeds' images; cell
 * (r, c) is row seed r's image with the ws of the chosen layers taken from column seed c.
 */
@Command(name = "mix", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Render a style-mixing grid: each row seed's image with the chosen layers' styles taken from each column seed.")
final class MixCommand implements java.util.concurrent.Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    LoadedRun.Source source;

    @Option(names = "--rows", required = true, paramLabel = "SEEDS", description = "Seeds of the rows (the images styles are mixed into).")
    String rows;

    @Option(names = "--cols", required = true, paramLabel = "SEEDS", description = "Seeds of the columns (the styles' sources).")
    String cols;

    @Option(names = "--styles", defaultValue = "0-3", paramLabel = "LAYERS",
            description = "Layers whose ws come from the column seed, e.g. 0-3 (coarse), 4-7 (middle); default: ${DEFAULT-VALUE}.")
    String styles;

    @Option(names = "--truncation", paramLabel = "PSI", description = "Truncation psi in [0, 1]; default: none.")
    Double truncation;

    @Option(names = "--class", paramLabel = "CLASS", description = "A class-conditional model's class (index or name) for every image.")
    String classSpec;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "The grid, a PNG.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Flags.truncation(truncation, null);
        long[] rowSeeds = Seeds.parse(rows, "--rows"), colSeeds = Seeds.parse(cols, "--cols");
        Gen4jException.check(out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"), "--out %s must name a .png file.", out);
        Gen4jException.check(rowSeeds.length * (long) colSeeds.length <= 4096, "the grid of %d x %d images is too large; keep it to 4096.",
                rowSeeds.length, colSeeds.length);
        try (LoadedRun loaded = LoadedRun.open(source); NDManager manager = NDManager.newBaseManager()) {
            ImageGenerator base = loaded.model.generator();
            Gen4jException.check(base instanceof StyleGenerator, "model %s has no W space to mix styles in; mix needs a style-based model.",
                    loaded.config.model());
            StyleGenerator g = (StyleGenerator) base;
            int[] chosen = ClassChoice.parse(classSpec, "--class", loaded.config.model(), loaded.config.classNames(), g.numClasses());
            Gen4jException.check(g.numClasses() == 0 || chosen != null && chosen.length == 1,
                    "model %s is class-conditional; give mix one --class for every image.", loaded.config.model());
            int label = chosen == null ? -1 : chosen[0];
            int[] layers = layers(styles, g.numWs());
            double psi = truncation == null ? 1 : truncation;
            Gen4jException.check(psi >= 0 && psi <= 1, "--truncation %s is outside [0, 1].", psi);
            ImageFiles.writePng(out, org.gen4j.api.Explore.mixGrid(g, manager, rowSeeds, colSeeds, layers, psi, label));
            spec.commandLine().getOut().printf("wrote a %d x %d style-mixing grid (layers %s from the columns) to %s%n",
                    rowSeeds.length, colSeeds.length, styles, out);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** Layer indices such as {@code 0-3,6}, each in [0, numWs). */
    static int[] layers(String text, int numWs) {
        TreeSet<Integer> set = new TreeSet<>();
        for (long l : Seeds.parse(text, "--styles")) {
            Gen4jException.check(l >= 0 && l < numWs, "--styles layer %d is out of range; this model has layers 0 to %d.", l, numWs - 1);
            set.add((int) l);
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

}
