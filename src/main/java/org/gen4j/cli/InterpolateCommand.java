package org.gen4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gen4j.Gen4jException;
import org.gen4j.io.ImageFiles;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.Sampler;
import org.gen4j.train.StyleGenerator;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gen4j interpolate}: a walk through latent space between seeds. */
@Command(name = "interpolate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Walk between the latents of given seeds and write an animated GIF or a PNG strip: spherical"
                + " interpolation in Z, or for style-based models linear interpolation in W.")
final class InterpolateCommand implements java.util.concurrent.Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    LoadedRun.Source source;

    @Option(names = "--seeds", required = true, description = "Two or more seeds to pass through, e.g. 1,5,9.")
    String seeds;

    @Option(names = "--frames", defaultValue = "16", description = "Frames per segment between two seeds; default: ${DEFAULT-VALUE}.")
    int frames;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "walk.gif (animation) or strip.png (frames in a row).")
    Path out;

    @Option(names = "--delay", defaultValue = "80", description = "Milliseconds per GIF frame; default: ${DEFAULT-VALUE}.")
    int delay;

    @Option(names = "--class", paramLabel = "C", description = "Class index, for conditional models.")
    Integer classLabel;

    @Option(names = "--space", defaultValue = "z", description = "z (latent space) or w (style-based models' W); default: ${DEFAULT-VALUE}.")
    String space;

    @Option(names = "--truncation", paramLabel = "PSI", description = "Truncation psi in [0, 1] for style-based models.")
    Double truncation;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        long[] s = Seeds.parse(seeds, "--seeds");
        Gen4jException.check(s.length >= 2, "--seeds needs at least two seeds to interpolate between, got %d.", s.length);
        Gen4jException.check(frames >= 2 && frames <= 1000, "--frames must be between 2 and 1000, got %d.", frames);
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean gif = name.endsWith(".gif");
        Gen4jException.check(gif || name.endsWith(".png"), "--out %s must end in .gif (animation) or .png (strip).", out);
        Gen4jException.check(space.equals("z") || space.equals("w"), "--space must be z or w, got '%s'.", space);
        try (LoadedRun loaded = LoadedRun.open(source); NDManager manager = NDManager.newBaseManager()) {
            ImageGenerator base = loaded.model.generator();
            ImageGenerator g = SampleCommand.truncate(loaded.config.model(), base, truncation, null);
            SampleCommand.checkConditioning(loaded.config.model(), g, classLabel);
            int label = classLabel == null ? -1 : classLabel;
            List<float[]> ends = new ArrayList<>();
            for (long seed : s) {
                ends.add(Sampler.latent(seed, g.latentDim()));
            }
            boolean inW = space.equals("w");
            if (inW) {
                Gen4jException.check(base instanceof StyleGenerator, "model %s has no W space; use --space z.", loaded.config.model());
                ends = toW((StyleGenerator) base, g, manager, ends, label);
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
            List<BufferedImage> images = Sampler.render(g, manager, path, label);
            if (gif) {
                ImageFiles.writeGif(out, images, delay);
            } else {
                ImageFiles.writePng(out, ImageFiles.grid(images, images.size(), 0));
            }
            spec.commandLine().getOut().printf("wrote %d frames to %s%n", images.size(), out);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** The (truncated) w of every latent; all layers share it, as nothing is mixed. */
    private List<float[]> toW(StyleGenerator base, ImageGenerator truncated, NDManager manager, List<float[]> latents, int label) {
        double psi = truncation == null ? 1 : truncation;
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
}
