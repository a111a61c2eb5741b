package org.gen4j.studio;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gen4j.api.Explore;
import org.gen4j.api.TrainedModel;
import org.gen4j.io.ImageFiles;
import org.gen4j.train.ConditionalGenerator;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.InstanceGenerator;
import org.gen4j.train.LatentStepsGenerator;
import org.gen4j.train.TemperatureGenerator;
import org.gen4j.train.LatentTruncation;
import org.gen4j.train.Sampler;
import org.gen4j.train.StyleGenerator;
import org.gen4j.train.TransformableGenerator;

/**
 * What the explorer page renders, on the worker thread that owns the model: the same calls as
 * {@code gen4j sample}, {@code interpolate} and {@code mix} ({@link Explore}, {@link TrainedModel}),
 * so every picture can be reproduced on the command line. What a model offers is read from the
 * capability interfaces of its generator, never from its name.
 */
final class Explorer {

    private Explorer() {}

    /**
     * The view of the generator a request asks for; {@code null} fields leave it as it is.
     *
     * @param psi truncation (style-based: psi in [0, 1]; latent truncation: the threshold)
     * @param classIndex the class of every image (conditional models; 0 when not given)
     * @param latentSteps latent-optimisation steps (CS-GAN, LOGAN)
     * @param temperature the prior's temperature (VDVAE)
     * @param tx translation right, fractions of the side (StyleGAN3)
     * @param ty translation down
     * @param rotate rotation in degrees
     * @param instanceIndex a training instance (IC-GAN)
     * @param instanceImage an uploaded image (IC-GAN), already checked and fitted to the model's channels
     */
    record Settings(Double psi, Integer classIndex, Integer latentSteps, Double temperature, Double tx, Double ty, Double rotate,
            Integer instanceIndex, Path instanceImage) {
        static final Settings NONE = new Settings(null, null, null, null, null, null, null, null, null);

        /** These settings with an uploaded instance image instead of a training instance. */
        Settings withInstanceImage(Path image) {
            return new Settings(psi, classIndex, latentSteps, temperature, tx, ty, rotate, null, image);
        }

        boolean transforms() {
            return tx != null || ty != null || rotate != null;
        }
    }

    /** What the model supports, for the page to show only those controls. */
    static JsonObject capabilities(TrainedModel m) {
        ImageGenerator g = m.generator();
        JsonObject out = new JsonObject();
        out.addProperty("model", m.modelName());
        out.addProperty("checkpoint", m.checkpoint().json().getFileName().toString());
        out.addProperty("imagesSeen", m.imagesSeen());
        out.addProperty("resolution", g.resolution());
        out.addProperty("channels", g.imageChannels());
        out.addProperty("latentDim", g.latentDim());
        out.addProperty("numClasses", g.numClasses());
        JsonArray classes = new JsonArray();
        for (int c = 0; c < g.numClasses(); c++) {
            classes.add(c < m.classNames().size() ? m.classNames().get(c) : String.valueOf(c));
        }
        out.add("classes", classes);
        out.addProperty("classMix", g instanceof ConditionalGenerator && g.numClasses() > 1);
        if (g instanceof LatentTruncation) {
            out.addProperty("truncation", "latent");
        } else if (g instanceof StyleGenerator) {
            out.addProperty("truncation", "w");
        } else {
            out.addProperty("truncation", "none");
        }
        if (g instanceof StyleGenerator sg) {
            JsonObject style = new JsonObject();
            style.addProperty("numWs", sg.numWs());
            style.addProperty("wDim", sg.wDim());
            out.add("style", style);
        }
        if (g instanceof TransformableGenerator tg) {
            JsonObject t = new JsonObject();
            t.addProperty("margin", tg.margin());
            out.add("transform", t);
        }
        if (g instanceof LatentStepsGenerator ls) {
            JsonObject t = new JsonObject();
            t.addProperty("default", ls.defaultLatentSteps());
            out.add("latentSteps", t);
        }
        if (g instanceof InstanceGenerator ig) {
            JsonObject t = new JsonObject();
            t.addProperty("count", ig.instances());
            out.add("instances", t);
        }
        if (g instanceof TemperatureGenerator) {
            JsonObject t = new JsonObject();
            t.addProperty("default", 1.0);
            out.add("temperature", t);
        }
        return out;
    }

    /** The generator with the request's transform, latent steps, truncation and instance, in {@code gen4j sample}'s order. */
    static ImageGenerator view(TrainedModel m, Settings s, NDManager manager) {
        String model = m.modelName();
        ImageGenerator g = m.generator();
        if (s.transforms()) {
            g = Explore.transformed(model, g, orZero(s.tx()), orZero(s.ty()), orZero(s.rotate()));
        }
        g = Explore.withLatentSteps(model, g, s.latentSteps());
        g = Explore.withTemperature(model, g, s.temperature());
        g = TrainedModel.truncated(model, g, s.psi(), null);
        if (s.instanceIndex() != null) {
            g = Explore.atTrainingInstance(model, g, s.instanceIndex(), manager);
        } else if (s.instanceImage() != null) {
            g = Explore.atImage(model, g, s.instanceImage(), manager);
        }
        return g;
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }

    /** The class of every image: the request's, checked, or 0 for a conditional model; -1 for an unconditional one. */
    static int label(ImageGenerator g, Settings s, String model) {
        if (g.numClasses() == 0) {
            StudioException.check(s.classIndex() == null, "model %s is unconditional; drop class.", model);
            return -1;
        }
        int c = s.classIndex() == null ? 0 : s.classIndex();
        StudioException.check(c >= 0 && c < g.numClasses(), "class %d is unknown; model %s has classes 0 to %d.", c, model, g.numClasses() - 1);
        return c;
    }

    /** One image per seed, laid out square, row by row. */
    static BufferedImage grid(TrainedModel m, Settings s, long[] seeds) {
        try (NDManager manager = NDManager.newBaseManager()) {
            ImageGenerator g = view(m, s, manager);
            int label = label(g, s, m.modelName());
            List<BufferedImage> images = Sampler.render(g, manager, seeds, label < 0 ? null : Sampler.repeat(label, seeds.length));
            return ImageFiles.grid(images, ImageFiles.squareColumns(seeds.length), 2);
        }
    }

    /** The walk from seed {@code a} to seed {@code b}: {@code frames + 1} images in a row. */
    static BufferedImage interpolate(TrainedModel m, Settings s, long a, long b, int frames, boolean inW) {
        try (NDManager manager = NDManager.newBaseManager()) {
            ImageGenerator base = m.generator();
            if (inW) {
                StudioException.check(base instanceof StyleGenerator, "model %s has no W space; use space=z.", m.modelName());
                StudioException.check(!s.transforms() && s.latentSteps() == null && s.instanceIndex() == null && s.instanceImage() == null,
                        "a walk in W takes only the truncation and class; drop the other settings.");
            }
            ImageGenerator g = view(m, s, manager);
            int label = label(g, s, m.modelName());
            double psi = s.psi() == null ? 1 : s.psi();
            List<BufferedImage> frameImages = Explore.seedWalk(m.modelName(), base, g, new long[] {a, b}, frames, inW, psi, label, manager);
            return ImageFiles.grid(frameImages, frameImages.size(), 0);
        }
    }

    /** One seed as the class input walks between classes (BigGAN's class interpolation): images in a row. */
    static BufferedImage classWalk(TrainedModel m, Settings s, long seed, int[] walk, int frames) {
        ImageGenerator base = m.generator();
        StudioException.check(base instanceof ConditionalGenerator && base.numClasses() > 1, "model %s cannot mix classes.", m.modelName());
        for (int c : walk) {
            StudioException.check(c >= 0 && c < base.numClasses(), "class %d is unknown; model %s has classes 0 to %d.", c, m.modelName(),
                    base.numClasses() - 1);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            ImageGenerator g = TrainedModel.truncated(m.modelName(), base, s.psi(), null);
            List<BufferedImage> frameImages = Explore.classWalk((ConditionalGenerator) base, g.latent(seed), walk, frames, manager);
            return ImageFiles.grid(frameImages, frameImages.size(), 0);
        }
    }

    /** The style-mixing matrix: rows' images with {@code layers} from the columns. */
    static BufferedImage mix(TrainedModel m, Settings s, long[] rows, long[] cols, int[] layers) {
        ImageGenerator base = m.generator();
        StudioException.check(base instanceof StyleGenerator, "model %s has no W space to mix styles in.", m.modelName());
        StyleGenerator g = (StyleGenerator) base;
        StudioException.check(g.numClasses() == 0, "model %s is class-conditional; the mixing matrix takes unconditional style models.",
                m.modelName());
        for (int l : layers) {
            StudioException.check(l >= 0 && l < g.numWs(), "styles layer %d is out of range; model %s has layers 0 to %d.", l, m.modelName(),
                    g.numWs() - 1);
        }
        double psi = s.psi() == null ? 1 : s.psi();
        StudioException.check(psi >= 0 && psi <= 1, "psi %s is outside [0, 1] (1 leaves w unchanged, 0 gives the average w).", psi);
        try (NDManager manager = NDManager.newBaseManager()) {
            return Explore.mixGrid(g, manager, rows, cols, layers, psi, -1);
        }
    }

    /** {@code image} scaled up {@code scale} times with square pixels (nearest neighbour). */
    static BufferedImage enlarge(BufferedImage image, int scale) {
        if (scale == 1) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth() * scale, image.getHeight() * scale, image.getType());
        java.awt.Graphics2D gr = out.createGraphics();
        gr.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        gr.drawImage(image, 0, 0, out.getWidth(), out.getHeight(), null);
        gr.dispose();
        return out;
    }

    /** Command-line arguments that reproduce a view's settings ({@code --truncation}, {@code --class}, ...). */
    static List<String> settingsArgs(Settings s, boolean sample) {
        List<String> out = new ArrayList<>();
        if (s.psi() != null) {
            out.add("--truncation " + s.psi());
        }
        if (s.classIndex() != null) {
            out.add("--class " + s.classIndex());
        }
        if (sample) {
            if (s.latentSteps() != null) {
                out.add("--latent-steps " + s.latentSteps());
            }
            if (s.temperature() != null) {
                out.add("--temperature " + s.temperature());
            }
            if (s.tx() != null || s.ty() != null) {
                out.add("--translate " + orZero(s.tx()) + "," + orZero(s.ty()));
            }
            if (s.rotate() != null) {
                out.add("--rotate " + s.rotate());
            }
            if (s.instanceIndex() != null) {
                out.add("--instance-index " + s.instanceIndex());
            }
            if (s.instanceImage() != null) {
                out.add("--instance YOUR_IMAGE.png");
            }
        }
        return out;
    }
}
