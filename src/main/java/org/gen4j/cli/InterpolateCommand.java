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
import org.gen4j.train.ConditionalGenerator;
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

    @Option(names = "--seeds", required = true, description = "Two or more seeds to pass through, e.g. 1,5,9; one seed with --classes.")
    String seeds;

    @Option(names = "--frames", defaultValue = "16", description = "Frames per segment between two seeds; default: ${DEFAULT-VALUE}.")
    int frames;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "walk.gif (animation) or strip.png (frames in a row).")
    Path out;

    @Option(names = "--delay", defaultValue = "80", description = "Milliseconds per GIF frame; default: ${DEFAULT-VALUE}.")
    int delay;

    @Option(names = "--class", paramLabel = "C", description = "Conditional models: the class (index or name) of a walk between seeds; default: 0.")
    String classSpec;

    @Option(names = "--classes", paramLabel = "A,B,...", description = "Conditional models: walk between these classes at one seed "
            + "(BigGAN's class interpolation: the class input moves linearly between one-hot labels).")
    String classWalk;

    @Option(names = "--space", defaultValue = "z", description = "z (latent space) or w (style-based models' W); default: ${DEFAULT-VALUE}.")
    String space;

    @Option(names = "--truncation", paramLabel = "PSI", description = "Truncation psi in [0, 1] for style-based models.")
    Double truncation;

    @Option(names = "--translate-walk", paramLabel = "X,Y", arity = "0..1", fallbackValue = "0.25,0",
            description = "StyleGAN3: keep one seed and move the synthesis input's transform from no translation to X,Y (fractions of "
                    + "the image side; default 0.25,0) and back, so the content moves with it (the paper's texture-sticking test).")
    String translateWalk;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Gen4jException.check(frames >= 2 && frames <= 1000, "--frames must be between 2 and 1000, got %d.", frames);
        Gen4jException.check(delay >= 1 && delay <= 60_000, "--delay must be between 1 and 60000 ms, got %d.", delay);
        Flags.truncation(truncation, null);
        long[] s = Seeds.parse(seeds, "--seeds");
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean gif = name.endsWith(".gif");
        Gen4jException.check(gif || name.endsWith(".png"), "--out %s must end in .gif (animation) or .png (strip).", out);
        Gen4jException.check(space.equals("z") || space.equals("w"), "--space must be z or w, got '%s'.", space);
        try (LoadedRun loaded = LoadedRun.open(source); NDManager manager = NDManager.newBaseManager()) {
            ImageGenerator base = loaded.model.generator();
            ImageGenerator g = org.gen4j.api.TrainedModel.truncated(loaded.config.model(), base, truncation, null);
            String model = loaded.config.model();
            List<String> names = loaded.config.classNames();
            List<BufferedImage> images;
            if (translateWalk != null) {
                Gen4jException.check(classWalk == null, "--translate-walk and --classes exclude each other.");
                Gen4jException.check(s.length == 1, "a translation walk keeps one seed; give --seeds one seed, not %d.", s.length);
                images = translationWalk(model, base, s[0], manager);
            } else if (classWalk != null) {
                int[] walk = ClassChoice.parse(classWalk, "--classes", model, names, g.numClasses());
                Gen4jException.check(walk.length >= 2, "--classes needs at least two classes to interpolate between, got %d.", walk.length);
                Gen4jException.check(s.length == 1, "a walk between classes keeps one seed; give --seeds one seed, not %d.", s.length);
                Gen4jException.check(classSpec == null, "--class and --classes exclude each other: --classes walks between classes.");
                Gen4jException.check(base instanceof ConditionalGenerator, "model %s cannot mix classes.", model);
                images = classWalk((ConditionalGenerator) base, g.latent(s[0]), walk, manager);
            } else {
                Gen4jException.check(s.length >= 2, "--seeds needs at least two seeds to interpolate between, got %d.", s.length);
                int[] chosen = ClassChoice.parse(classSpec, "--class", model, names, g.numClasses());
                Gen4jException.check(chosen == null || chosen.length == 1, "a walk between seeds keeps one class; give --class one class.");
                int label = g.numClasses() == 0 ? -1 : chosen == null ? 0 : chosen[0];
                images = seedWalk(base, g, s, label, manager, model);
            }
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

    /** Frames of one seed as the input transform translates from 0 to the walk's end and back. */
    private List<BufferedImage> translationWalk(String model, ImageGenerator base, long seed, NDManager manager) {
        double[] end = SampleCommand.pair(translateWalk, "--translate-walk");
        List<BufferedImage> images = new ArrayList<>();
        int label = base.numClasses() == 0 ? -1 : 0;
        for (int f = 0; f <= 2 * frames; f++) {
            double t = f <= frames ? (double) f / frames : (double) (2 * frames - f) / frames;
            ImageGenerator g = SampleCommand.transform(model, base, new double[] {end[0] * t, end[1] * t}, 0, spec.commandLine().getErr());
            g = org.gen4j.api.TrainedModel.truncated(model, g, truncation, null);
            images.addAll(Sampler.render(g, manager, List.of(g.latent(seed)), label < 0 ? null : Sampler.repeat(label, 1)));
        }
        return images;
    }

    /** Frames along great circles between the seeds' latents (or straight lines between their ws). */
    private List<BufferedImage> seedWalk(ImageGenerator base, ImageGenerator g, long[] s, int label, NDManager manager, String model) {
        return org.gen4j.api.Explore.seedWalk(model, base, g, s, frames, space.equals("w"), truncation == null ? 1 : truncation, label, manager);
    }

    /** Frames at one latent as the class input moves linearly from each class to the next. */
    private List<BufferedImage> classWalk(ConditionalGenerator g, float[] z, int[] walk, NDManager manager) {
        return org.gen4j.api.Explore.classWalk(g, z, walk, frames, manager);
    }


}
