package org.gen4j.models.styleganxl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gen4j.Gen4jException;
import org.gen4j.io.SafeTensors;
import org.gen4j.models.Models;
import org.gen4j.models.stylegan3.LayerSchedule;
import org.gen4j.models.stylegan3.StyleGan3Config;
import org.gen4j.nn.Parameters;
import org.gen4j.train.Checkpoints;
import org.gen4j.train.RunConfig;
import org.gen4j.train.RunDirectory;

/**
 * Progressive growing (StyleGAN-XL, section 3.2; official {@code SuperresGenerator}): a stage
 * starts from a stem run's generator, cuts off its critically sampled layers and ToRGB, keeps the
 * rest (and the mapping network) frozen, and appends {@code headLayers} new layers whose cutoffs
 * and stopbands continue geometrically from the last kept layer's to the new resolution's, the
 * last {@code numCritical} critically sampled, the last one ToRGB (official
 * {@code compute_superres_filterparams}). A stem may itself have grown from a stem.
 *
 * @param schedule the whole synthesis network's layers: the stem's kept ones, then the head
 * @param headFrom index of the first head layer (the number of kept stem layers); 0 for a stem
 * @param stemState the stem's moving-average generator ({@code mapping.*}, {@code synthesis.*} of
 *     the kept layers) and its per-class average w ({@code w_avg}); empty for a stem
 */
record Growth(LayerSchedule schedule, int headFrom, Map<String, NDArray> stemState) {

    /** The schedule of a stem (no {@code stem} set), or of a stage grown from its stem run (read from disk). */
    static Growth of(StyleGanXlConfig c, NDManager manager) {
        if (c.stem().isEmpty()) {
            return new Growth(c.stemSchedule(c.resolution()), 0, Map.of());
        }
        Path dir = Path.of(c.stem());
        Gen4jException.check(Files.isDirectory(dir), "stem %s is not a run folder; give the StyleGAN-XL run to grow from.", c.stem());
        RunConfig run = RunDirectory.open(dir).readConfig(name -> Models.get(name).configType());
        Gen4jException.check(run.model().equals(new StyleGanXlSpec().name()), "stem %s is a %s run, not a StyleGAN-XL one.", c.stem(),
                run.model());
        StyleGanXlConfig s = (StyleGanXlConfig) run.modelConfig();
        checkMatches(c, s);
        LayerSchedule base = of(s, null).schedule();
        Checkpoints.Info info = Checkpoints.latest(RunDirectory.open(dir).checkpoints());
        Map<String, NDArray> state = new HashMap<>();
        SafeTensors.Contents contents = SafeTensors.read(info.tensors(), manager);
        int kept = keptLayers(base);
        List<String> keptNames = new ArrayList<>();
        for (LayerSchedule.Layer l : base.layers().subList(0, kept)) {
            keptNames.add("synthesis." + layerName(l) + ".");
        }
        contents.tensors().forEach((k, v) -> {
            String key = k.startsWith("G_ema.") ? k.substring("G_ema.".length()) : null;
            boolean keep = key != null && (key.startsWith("mapping.") || key.startsWith("synthesis.input.")
                    || keptNames.stream().anyMatch(key::startsWith));
            if (keep) {
                state.put(key, v);
            } else if (k.equals("w_avg")) {
                state.put(k, v);
            } else {
                v.close();
            }
        });
        return new Growth(grow(base, c), kept, state);
    }

    /**
     * Refuses a stage whose stem does not fit it, in one sentence naming the first difference: a
     * stem of a lower resolution with the same images, latents, classes and layer shapes.
     */
    static void checkMatches(StyleGanXlConfig c, StyleGanXlConfig s) {
        String what = null;
        if (s.resolution() >= c.resolution()) {
            what = "its resolution " + s.resolution() + " is not below this stage's " + c.resolution();
        } else if (s.imageChannels() != c.imageChannels()) {
            what = "it has " + s.imageChannels() + " image channels, the data " + c.imageChannels();
        } else if (s.numClasses() != c.numClasses()) {
            what = "it has " + s.numClasses() + " classes, this stage " + c.numClasses();
        } else if (s.zDim() != c.zDim() || s.wDim() != c.wDim() || s.mappingLayers() != c.mappingLayers()) {
            what = "its mapping network (zDim " + s.zDim() + ", wDim " + s.wDim() + ", " + s.mappingLayers() + " layers) differs from this stage's (zDim "
                    + c.zDim() + ", wDim " + c.wDim() + ", " + c.mappingLayers() + " layers)";
        } else if (s.channelBase() != c.channelBase()) {
            what = "its channelBase " + s.channelBase() + " differs from this stage's " + c.channelBase();
        } else if (s.channelMax() != c.channelMax()) {
            what = "its channelMax " + s.channelMax() + " differs from this stage's " + c.channelMax();
        } else if (s.marginSize() != c.marginSize()) {
            what = "its marginSize " + s.marginSize() + " differs from this stage's " + c.marginSize();
        } else if (s.numCritical() != c.numCritical()) {
            what = "its numCritical " + s.numCritical() + " differs from this stage's " + c.numCritical();
        }
        Gen4jException.check(what == null, "stem %s does not match this stage: %s.", c.stem(), what);
    }

    /** Layers of a schedule before its critically sampled ones (ToRGB among them). */
    static int keptLayers(LayerSchedule s) {
        int k = 0;
        while (k < s.layers().size() && !s.layers().get(k).critical()) {
            k++;
        }
        return k;
    }

    /** The name {@link org.gen4j.models.stylegan3.Synthesis} gives a layer. */
    static String layerName(LayerSchedule.Layer l) {
        return "L" + l.index() + "_" + l.outSize() + "_" + l.outChannels();
    }

    /** {@code base}'s layers before the critically sampled ones, then {@code c.headLayers() + 1} new ones up to {@code c.resolution()}. */
    static LayerSchedule grow(LayerSchedule base, StyleGanXlConfig c) {
        int kept = keptLayers(base);
        LayerSchedule.Layer last = base.layers().get(kept - 1);
        int h = c.headLayers(), res = c.resolution();
        double firstCutoff = last.outCutoff(), firstStopband = last.outHalfWidth() + firstCutoff;
        double lastCutoff = res / 2.0, lastStopband = lastCutoff * StyleGan3Config.LAST_STOPBAND_REL;
        double[] cutoffs = new double[h + 1], rates = new double[h + 1], halfWidths = new double[h + 1];
        int[] sizes = new int[h + 1], channels = new int[h + 1];
        for (int i = 0; i <= h; i++) {
            double e = Math.min((double) i / (h - c.numCritical()), 1);
            cutoffs[i] = firstCutoff * Math.pow(lastCutoff / firstCutoff, e);
            double stopband = firstStopband * Math.pow(lastStopband / firstStopband, e);
            rates[i] = i == 0 ? last.outSamplingRate() : LayerSchedule.samplingRateAtLeast(Math.min(stopband * 2, res));
            halfWidths[i] = Math.max(stopband, rates[i] / 2) - cutoffs[i];
            sizes[i] = i >= h - 1 ? res : (int) rates[i] + 2 * c.marginSize();
            channels[i] = i == 0 ? last.outChannels() : i == h ? c.imageChannels()
                    : (int) Math.rint(Math.min(c.channelBase() / 2.0 / cutoffs[i], c.channelMax()));
        }
        List<LayerSchedule.Layer> layers = new ArrayList<>(base.layers().subList(0, kept));
        for (int i = 0; i <= h; i++) {
            int p = Math.max(i - 1, 0);
            layers.add(LayerSchedule.layer(kept + i, i == h, i >= h - c.numCritical(), channels[p], channels[i], sizes[p], sizes[i], rates[p],
                    rates[i], cutoffs[p], cutoffs[i], halfWidths[p], halfWidths[i], 3, StyleGan3Config.FILTER_SIZE,
                    StyleGan3Config.LRELU_UPSAMPLING, false));
        }
        return new LayerSchedule(base.input(), List.copyOf(layers));
    }

    /** Copies the stem's kept layers and mapping into {@code g} (parameters and buffers by name). */
    void loadStem(Map<String, NDArray> gState) {
        stemState.forEach((k, v) -> {
            if (!k.equals("w_avg")) {
                NDArray target = gState.get(k);
                if (target == null) {
                    throw new Gen4jException("the stem's generator has " + k + ", which this stage lacks; the stem does not match.");
                }
                Parameters.assign(target, v);
            }
        });
    }
}
