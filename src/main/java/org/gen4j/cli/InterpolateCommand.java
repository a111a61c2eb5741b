package org.gen4j.cli;

import ai.djl.ndarray.NDManager;
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
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gen4j interpolate}: a walk through latent space between seeds. */
@Command(name = "interpolate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Walk between the latents of given seeds (spherical interpolation) and write an animated GIF or a PNG strip.")
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
        try (LoadedRun loaded = LoadedRun.open(source); NDManager manager = NDManager.newBaseManager()) {
            ImageGenerator g = loaded.model.generator();
            SampleCommand.checkConditioning(loaded.config.model(), g, classLabel, null);
            List<float[]> path = new ArrayList<>();
            for (int i = 0; i + 1 < s.length; i++) {
                float[] a = Sampler.latent(s[i], g.latentDim()), b = Sampler.latent(s[i + 1], g.latentDim());
                for (int f = 0; f < frames; f++) {
                    path.add(Sampler.slerp(a, b, (double) f / frames));
                }
            }
            path.add(Sampler.latent(s[s.length - 1], g.latentDim()));
            List<BufferedImage> images = Sampler.render(g, manager, path, classLabel == null ? -1 : classLabel);
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
}
