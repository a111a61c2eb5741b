package org.gen4j.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.gen4j.Gen4jException;
import org.gen4j.io.TorchPickle;
import org.gen4j.io.TorchPickle.PersistentObject;
import org.gen4j.io.TorchPickle.Tensor;
import org.gen4j.models.stylegan2.StyleGan2;
import org.gen4j.models.stylegan2.StyleGan2Config;
import org.gen4j.models.stylegan3.StyleGan3Config;
import org.gen4j.train.Configs;
import org.gen4j.train.TrainableModel;

/**
 * NVIDIA's StyleGAN network pickles ({@code stylegan2-ada-pytorch}, and {@code stylegan3}'s
 * StyleGAN2 networks): the dict its training loop writes ({@code G}, {@code D}, {@code G_ema},
 * {@code augment_pipe}, {@code training_set_kwargs}), read by {@link TorchPickle} without running
 * the source the pickle embeds, mapped onto gen4j's {@link StyleGan2}.
 *
 * <p>The settings come from the networks themselves (the attributes NVIDIA's classes store and
 * the tensors' shapes): z and w lengths, mapping depth and learning-rate multiplier, the
 * feature-map budget, resolution, channels, minibatch-stddev group. Every official tensor must
 * find its gen4j counterpart with the same shape and every gen4j tensor must be given, or the
 * import stops naming the keys. The resampling filters the official layers store as buffers are
 * checked to be StyleGAN2's {@code [1, 3, 3, 1]} and not stored. The training settings the pickle
 * does not hold (learning rate, R1, path length, mixing) are config F's.
 */
public final class StyleGanPickle {

    /** The networks of an official pickle. */
    public record Networks(PersistentObject g, PersistentObject d, PersistentObject gEma, Map<String, Object> trainingSet) {}

    private final Path file;
    private final Networks networks;

    private StyleGanPickle(Path file, Networks networks) {
        this.file = file;
        this.networks = networks;
    }

    /** Reads {@code file}; refuses, naming what is missing, anything but a dict with G, D and G_ema networks. */
    @SuppressWarnings("unchecked")
    public static StyleGanPickle read(Path file) {
        Object root = TorchPickle.read(file);
        Gen4jException.check(root instanceof Map<?, ?>, "%s holds a %s, not the dict of networks StyleGAN's training writes.", file,
                root == null ? "None" : root.getClass().getSimpleName());
        Map<String, Object> dict = (Map<String, Object>) root;
        for (String key : List.of("G", "D", "G_ema")) {
            Gen4jException.check(dict.get(key) instanceof PersistentObject, "%s has no network '%s' (it holds: %s).", file, key,
                    String.join(", ", new TreeSet<>(dict.keySet())));
        }
        Object kwargs = dict.get("training_set_kwargs");
        return new StyleGanPickle(file, new Networks((PersistentObject) dict.get("G"), (PersistentObject) dict.get("D"),
                (PersistentObject) dict.get("G_ema"), kwargs instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of()));
    }

    public Networks networks() {
        return networks;
    }

    /** The training data's path as the pickle records it, or null. */
    public String trainingDataPath() {
        Object p = networks.trainingSet().get("path");
        return p == null ? null : p.toString();
    }

    /** Whether the generator is StyleGAN3's (its synthesis network starts with Fourier features). */
    public boolean isStyleGan3() {
        return child(networks.gEma(), "synthesis", "G_ema").map("_modules").containsKey("input");
    }

    /**
     * The StyleGAN3 settings of these networks (the official training settings around them);
     * refuses StyleGAN2 and conditional networks and layer schedules other than the official
     * shape (first cutoff 2, stopbands 2^2.1 and 2^0.3, 6 taps, leaky ReLU at twice the rate).
     *
     * @return the settings
     */
    @SuppressWarnings("unchecked")
    public StyleGan3Config stylegan3Config() {
        Gen4jException.check(isStyleGan3(), "%s holds a StyleGAN2 generator; use --from stylegan2-ada.", file);
        PersistentObject g = networks.gEma();
        Map<String, Object> kwargs = g.state().get("_init_kwargs") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<String, Double> shape = Map.of("first_cutoff", StyleGan3Config.FIRST_CUTOFF, "first_stopband", StyleGan3Config.FIRST_STOPBAND,
                "last_stopband_rel", StyleGan3Config.LAST_STOPBAND_REL, "filter_size", (double) StyleGan3Config.FILTER_SIZE,
                "lrelu_upsampling", (double) StyleGan3Config.LRELU_UPSAMPLING);
        shape.forEach((key, value) -> {
            Object v = kwargs.get(key);
            Gen4jException.check(v == null || Math.abs(((Number) v).doubleValue() - value) < 1e-9,
                    "%s's generator has %s = %s; gen4j's StyleGAN3 uses the official %s.", file, key, v, value);
        });
        Object kernel = kwargs.getOrDefault("conv_kernel", 3L), radial = kwargs.getOrDefault("use_radial_filters", false);
        String config = ((Number) kernel).intValue() == 3 && Boolean.FALSE.equals(radial) ? "t"
                : ((Number) kernel).intValue() == 1 && Boolean.TRUE.equals(radial) ? "r" : null;
        Gen4jException.check(config != null, "%s's generator has conv_kernel %s and use_radial_filters %s: neither config T (3, false) "
                + "nor R (1, true).", file, kernel, radial);
        PersistentObject synthesis = child(g, "synthesis", "G_ema");
        PersistentObject mapping = child(g, "mapping", "G_ema");
        int resolution = (int) number(g, "img_resolution", "G_ema");
        int[] d = discriminatorBudget(resolution);
        Map<String, String> set = new LinkedHashMap<>();
        set.put("resolution", Integer.toString(resolution));
        set.put("imageChannels", Long.toString(number(g, "img_channels", "G_ema")));
        set.put("zDim", Long.toString(number(g, "z_dim", "G_ema")));
        set.put("wDim", Long.toString(number(g, "w_dim", "G_ema")));
        set.put("mappingLayers", Long.toString(number(mapping, "num_layers", "G_ema.mapping")));
        set.put("mappingLrMul", attribute(child(mapping, "fc0", "G_ema.mapping"), "bias_gain", "G_ema.mapping.fc0").toString());
        if (mapping.state().get("w_avg_beta") instanceof Number b) {
            set.put("wAvgBeta", Double.toString(b.doubleValue()));
        }
        set.put("channelBase", kwargs.getOrDefault("channel_base", 32768L).toString());
        set.put("channelMax", kwargs.getOrDefault("channel_max", 512L).toString());
        set.put("dChannelBase", Integer.toString(d[0]));
        set.put("dChannelMax", Integer.toString(d[1]));
        set.put("numLayers", Long.toString(number(synthesis, "num_layers", "G_ema.synthesis")));
        set.put("numCritical", Long.toString(number(synthesis, "num_critical", "G_ema.synthesis")));
        set.put("marginSize", Long.toString(number(synthesis, "margin_size", "G_ema.synthesis")));
        set.put("outputScale", attribute(synthesis, "output_scale", "G_ema.synthesis").toString());
        Object clamp = kwargs.getOrDefault("conv_clamp", 256L);
        set.put("convClamp", clamp == null ? "0" : clamp.toString());
        set.put("mbstdGroup", Long.toString(mbstdGroup()));
        putClasses(set);
        return Configs.override(StyleGan3Config.paper(config), set, "the networks in " + file);
    }

    /**
     * The classes of conditional networks ({@code c_dim > 0}): {@code numClasses}, and D's label
     * mapping depth counted from its {@code mapping.fcI} tensors; nothing for unconditional ones.
     */
    private void putClasses(Map<String, String> set) {
        long cDim = number(networks.gEma(), "c_dim", "G_ema");
        long dDim = number(networks.d(), "c_dim", "D");
        Gen4jException.check(cDim == dDim, "%s's G_ema has c_dim %d and its D c_dim %d; gen4j conditions G and D on the same classes.",
                file, cDim, dDim);
        if (cDim == 0) {
            return;
        }
        Map<String, Tensor> d = TorchPickle.stateDict(networks.d());
        int layers = 0;
        while (d.containsKey("mapping.fc" + layers + ".weight")) {
            layers++;
        }
        Gen4jException.check(layers > 0, "%s's conditional discriminator has no label mapping layers (mapping.fc0.weight).", file);
        Object lrMul = attribute(child(child(networks.d(), "mapping", "D"), "fc0", "D.mapping"), "bias_gain", "D.mapping.fc0");
        Gen4jException.check(Math.abs(((Number) lrMul).doubleValue() - 0.01) < 1e-9,
                "%s's discriminator maps labels with learning-rate multiplier %s; gen4j's uses the official 0.01.", file, lrMul);
        set.put("dMappingLayers", Integer.toString(layers));
        set.put("numClasses", Long.toString(cDim));
        set.put("conditional", "true");
    }

    /** D's {@code channelBase} and {@code channelMax}, from its blocks' tensors. */
    private int[] discriminatorBudget(int resolution) {
        Map<String, Tensor> state = TorchPickle.stateDict(networks.d());
        Map<Integer, Integer> maps = new LinkedHashMap<>();
        for (int res = resolution; res >= 8; res /= 2) {
            Tensor w = state.get("b" + res + ".conv0.weight");
            Gen4jException.check(w != null, "%s's discriminator has no tensor b%d.conv0.weight.", file, res);
            maps.put(res, (int) w.shape()[0]);
        }
        Tensor w4 = state.get("b4.conv.weight");
        Gen4jException.check(w4 != null, "%s's discriminator has no tensor b4.conv.weight.", file);
        maps.put(4, (int) w4.shape()[0]);
        return budget(maps, resolution, "discriminator");
    }

    private long mbstdGroup() {
        PersistentObject mbstd = child(child(networks.d(), "b4", "D"), "mbstd", "D.b4");
        Object group = mbstd.state().get("group_size");
        Gen4jException.check(group instanceof Number, "%s's discriminator has no fixed minibatch-stddev group size; gen4j needs one.", file);
        Gen4jException.check(number(mbstd, "num_channels", "D.b4.mbstd") == 1,
                "%s's discriminator has %d minibatch-stddev channels; gen4j's has 1.", file, number(mbstd, "num_channels", "D.b4.mbstd"));
        return ((Number) group).longValue();
    }

    /** The StyleGAN2 settings of these networks (config F's training settings around them); refuses StyleGAN3 and conditional networks. */
    public StyleGan2Config stylegan2Config() {
        PersistentObject g = networks.gEma();
        PersistentObject synthesis = child(g, "synthesis", "G_ema");
        Gen4jException.check(!synthesis.map("_modules").containsKey("input"),
                "%s holds a StyleGAN3 generator (its synthesis network starts with Fourier features); use --from stylegan3.", file);
        Gen4jException.check(synthesis.map("_modules").containsKey("b4"),
                "%s holds a generator gen4j cannot map: its synthesis network has no 4x4 block b4 (it has: %s).", file,
                String.join(", ", synthesis.map("_modules").keySet()));
        int resolution = (int) number(g, "img_resolution", "G_ema");
        int channels = (int) number(g, "img_channels", "G_ema");
        PersistentObject mapping = child(g, "mapping", "G_ema");
        int layers = (int) number(mapping, "num_layers", "G_ema.mapping");
        PersistentObject fc0 = child(mapping, "fc0", "G_ema.mapping");
        double lrMul = ((Number) attribute(fc0, "bias_gain", "G_ema.mapping.fc0")).doubleValue();
        Map<String, String> set = new LinkedHashMap<>();
        set.put("zDim", Long.toString(number(g, "z_dim", "G_ema")));
        set.put("wDim", Long.toString(number(g, "w_dim", "G_ema")));
        set.put("mappingLayers", Integer.toString(layers));
        set.put("mappingLrMul", Double.toString(lrMul));
        Object beta = mapping.state().get("w_avg_beta");
        if (beta instanceof Number b) {
            set.put("wAvgBeta", Double.toString(b.doubleValue()));
        }
        int[] budget = channelBudget(g, resolution);
        set.put("channelBase", Integer.toString(budget[0]));
        set.put("channelMax", Integer.toString(budget[1]));
        for (Object block : synthesis.map("_modules").values()) {
            Object arch = ((PersistentObject) block).state().get("architecture");
            Gen4jException.check("skip".equals(arch), "%s's generator has architecture '%s'; gen4j's StyleGAN2 generator is 'skip'.", file, arch);
        }
        set.put("mbstdGroup", Long.toString(mbstdGroup()));
        for (Object block : networks.d().map("_modules").values()) {
            Object arch = ((PersistentObject) block).state().get("architecture");
            Gen4jException.check(arch == null || "resnet".equals(arch),
                    "%s's discriminator has architecture '%s'; gen4j's StyleGAN2 discriminator is 'resnet'.", file, arch);
        }
        putClasses(set);
        return Configs.override(StyleGan2Config.paper(resolution, channels), set, "the networks in " + file);
    }

    /** {@code channelBase} and {@code channelMax} that give every synthesis block the feature maps its tensors have. */
    private int[] channelBudget(PersistentObject g, int resolution) {
        Map<String, Tensor> state = TorchPickle.stateDict(child(g, "synthesis", "G_ema"));
        Map<Integer, Integer> maps = new LinkedHashMap<>();
        for (int res = 4; res <= resolution; res *= 2) {
            Tensor w = state.get("b" + res + ".conv1.weight");
            Gen4jException.check(w != null, "%s's generator has no tensor synthesis.b%d.conv1.weight.", file, res);
            maps.put(res, (int) w.shape()[0]);
        }
        return budget(maps, resolution, "generator");
    }

    /** The {@code channel_base} and {@code channel_max} that give each resolution its feature maps. */
    private int[] budget(Map<Integer, Integer> maps, int resolution, String network) {
        int max = maps.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        int base = maps.entrySet().stream().filter(e -> e.getValue() < max).mapToInt(e -> e.getKey() * e.getValue()).findFirst()
                .orElse(max * resolution);
        for (Map.Entry<Integer, Integer> e : maps.entrySet()) {
            Gen4jException.check(Math.min(base / e.getKey(), max) == e.getValue(),
                    "%s's %s has %d feature maps at %dx%d, which no channel_base and channel_max give (gen4j uses "
                            + "min(channel_base / resolution, channel_max)).", file, network, e.getValue(), e.getKey(), e.getKey());
        }
        return new int[] {base, max};
    }

    /**
     * Copies the networks' tensors into {@code model} (G, D, G_ema and the tracked average w from
     * G_ema's mapping network); its optimisers keep their fresh state.
     */
    public void loadInto(TrainableModel model, NDManager manager) {
        Map<String, NDArray> target = new LinkedHashMap<>(model.stateTensors());
        Map<String, Tensor> given = new LinkedHashMap<>();
        put(given, "G.", generatorNames(TorchPickle.stateDict(networks.g()), "G"));
        put(given, "D.", discriminatorNames(TorchPickle.stateDict(networks.d())));
        Map<String, Tensor> ema = generatorNames(TorchPickle.stateDict(networks.gEma()), "G_ema");
        Tensor wAvg = ema.remove("mapping.w_avg");
        Gen4jException.check(wAvg != null, "%s's G_ema has no tensor mapping.w_avg.", file);
        put(given, "G_ema.", ema);
        given.put("w_avg", wAvg);
        given.keySet().removeIf(k -> k.equals("G.mapping.w_avg")); // G's copy of the average; gen4j keeps G_ema's
        List<String> unexpected = new ArrayList<>(), missing = new ArrayList<>(), misshaped = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : given.entrySet()) {
            NDArray t = target.get(e.getKey());
            if (t == null) {
                unexpected.add(official(e.getKey()));
            } else if (!Arrays.equals(t.getShape().getShape(), e.getValue().shape())
                    && !(e.getValue().shape().length == 0 && t.getShape().size() == 1)) { // a scalar (noise strength, magnitude) is gen4j's [1]
                misshaped.add(official(e.getKey()) + " " + Arrays.toString(e.getValue().shape()) + " where gen4j has "
                        + Arrays.toString(t.getShape().getShape()));
            }
        }
        for (String key : target.keySet()) {
            if ((key.startsWith("G.") || key.startsWith("D.") || key.startsWith("G_ema.") || key.equals("w_avg")) && !given.containsKey(key)) {
                missing.add(official(key));
            }
        }
        List<String> problems = new ArrayList<>();
        list(problems, "no gen4j counterpart for ", unexpected);
        list(problems, "missing ", missing);
        list(problems, "wrong shape: ", misshaped);
        Gen4jException.check(problems.isEmpty(), "%s does not match gen4j's %s: %s.", file, isStyleGan3() ? "StyleGAN3" : "StyleGAN2",
                String.join("; ", problems));
        given.forEach((k, t) -> target.put(k, manager.create(t.data(), target.get(k).getShape())));
        model.loadState(target, model.stateJson());
    }

    /**
     * The moving-average generator of a StyleGAN2 or StyleGAN3 model under the official names,
     * as {@code G_ema.state_dict()} of NVIDIA's {@code Generator} holds them (the inverse of the
     * import's name map; the resampling filters and StyleGAN3's user transform, which the
     * official classes build themselves, are left out).
     *
     * @param model a StyleGAN2 or StyleGAN3 model
     * @return official name to tensor, in the model's order
     */
    public static Map<String, NDArray> officialGenerator(TrainableModel model) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        model.stateTensors().forEach((k, v) -> {
            if (k.equals("w_avg")) {
                out.put("mapping.w_avg", v);
            } else if (k.startsWith("G_ema.")) {
                String name = k.substring("G_ema.".length());
                if (name.equals("synthesis.const")) {
                    out.put("synthesis.b4.const", v);
                } else if (name.matches("synthesis\\.b\\d+\\.conv0\\.weight")) {
                    out.put(name, v.flip(2, 3));
                } else if (name.equals("synthesis.input.affine_weight") || name.equals("synthesis.input.affine_bias")) {
                    out.put(name.replace("input.affine_", "input.affine."), v);
                } else if (name.endsWith(".noise_strength") || name.endsWith(".magnitude_ema")) {
                    out.put(name, v.reshape(new Shape()));
                } else {
                    out.put(name, v);
                }
            }
        });
        return out;
    }

    /**
     * The keyword arguments of the official {@code Generator} for {@code c} (no fp16 layers, no
     * activation clamping, as gen4j computes).
     *
     * @param c the StyleGAN2 settings
     * @return {@code z_dim}, {@code c_dim}, {@code w_dim}, {@code img_resolution}, {@code img_channels},
     *     {@code mapping_kwargs} and the synthesis settings, as JSON
     */
    public static String officialKwargs(StyleGan2Config c) {
        com.google.gson.JsonObject o = generatorKwargs(c.zDim(), c.numClasses(), c.wDim(), c.resolution(), c.imageChannels(),
                c.mappingLayers(), c.mappingLrMul(), c.wAvgBeta());
        o.addProperty("channel_base", c.channelBase());
        o.addProperty("channel_max", c.channelMax());
        o.addProperty("num_fp16_res", 0);
        o.add("conv_clamp", com.google.gson.JsonNull.INSTANCE);
        return o.toString();
    }

    /**
     * The keyword arguments of the official StyleGAN3 {@code Generator} for {@code c} (no fp16 layers).
     *
     * @param c the StyleGAN3 settings
     * @return the constructor's arguments as JSON
     */
    public static String officialKwargs(StyleGan3Config c) {
        com.google.gson.JsonObject o = generatorKwargs(c.zDim(), c.numClasses(), c.wDim(), c.resolution(), c.imageChannels(),
                c.mappingLayers(), c.mappingLrMul(), c.wAvgBeta());
        o.addProperty("channel_base", c.channelBase());
        o.addProperty("channel_max", c.channelMax());
        o.addProperty("num_layers", c.numLayers());
        o.addProperty("num_critical", c.numCritical());
        o.addProperty("margin_size", c.marginSize());
        o.addProperty("output_scale", c.outputScale());
        o.addProperty("num_fp16_res", 0);
        if (c.convClamp() > 0) {
            o.addProperty("conv_clamp", c.convClamp());
        } else {
            o.add("conv_clamp", com.google.gson.JsonNull.INSTANCE);
        }
        o.addProperty("conv_kernel", c.convKernel());
        o.addProperty("use_radial_filters", "r".equals(c.config()));
        return o.toString();
    }

    /** The arguments both official Generators take: sizes and the mapping network's. */
    private static com.google.gson.JsonObject generatorKwargs(int zDim, int cDim, int wDim, int resolution, int channels, int mappingLayers,
            double lrMul, double wAvgBeta) {
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.addProperty("z_dim", zDim);
        o.addProperty("c_dim", cDim);
        o.addProperty("w_dim", wDim);
        o.addProperty("img_resolution", resolution);
        o.addProperty("img_channels", channels);
        com.google.gson.JsonObject mapping = new com.google.gson.JsonObject();
        mapping.addProperty("num_layers", mappingLayers);
        mapping.addProperty("lr_multiplier", lrMul);
        mapping.addProperty("w_avg_beta", wAvgBeta);
        o.add("mapping_kwargs", mapping);
        return o;
    }

    /** Adds "LABEL k1, k2, ..." (at most eight keys) to {@code out} if there are keys. */
    static void list(List<String> out, String label, List<String> keys) {
        if (!keys.isEmpty()) {
            out.add(label + String.join(", ", keys.subList(0, Math.min(8, keys.size()))) + (keys.size() > 8 ? " and " + (keys.size() - 8)
                    + " more" : ""));
        }
    }

    /** A gen4j key as the official networks name it, for messages. */
    private static String official(String key) {
        return key.equals("w_avg") ? "G_ema.mapping.w_avg" : key.replaceFirst("^D\\.cembed\\.", "D.mapping.embed.").replaceFirst("^D\\.cmapping\\.", "D.mapping.");
    }

    private static void put(Map<String, Tensor> out, String prefix, Map<String, Tensor> values) {
        values.forEach((k, v) -> out.put(prefix + k, v));
    }

    /** Official generator names as gen4j's: the 4x4 constant moves up to the synthesis network; resampling filters are checked and dropped. */
    private Map<String, Tensor> generatorNames(Map<String, Tensor> official, String what) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        official.forEach((k, v) -> {
            if (k.endsWith("resample_filter")) {
                checkFilter(what + "." + k, v);
            } else if (k.endsWith(".up_filter") || k.endsWith(".down_filter")) {
                // StyleGAN3's filters follow from the layer schedule, which stylegan3Config checked; gen4j designs its own
            } else if (k.equals("synthesis.input.transform")) {
                checkIdentity(what + "." + k, v);
            } else if (k.equals("synthesis.input.affine.weight") || k.equals("synthesis.input.affine.bias")) {
                out.put(k.replace("input.affine.", "input.affine_"), v);
            } else if (k.matches("synthesis\\.b\\d+\\.conv0\\.weight")) {
                out.put(k, flipped(v)); // the official upsampling layer convolves (a transposed convolution); gen4j's correlates
            } else {
                out.put(k.equals("synthesis.b4.const") ? "synthesis.const" : k, v);
            }
        });
        return out;
    }

    /**
     * Official discriminator names as gen4j's: the top block's fromrgb and the 4x4 epilogue's layers
     * are gen4j's top-level layers; a conditional D's label mapping ({@code mapping.embed},
     * {@code mapping.fcI}) is gen4j's {@code cembed} and {@code cmapping.fcI}.
     */
    private Map<String, Tensor> discriminatorNames(Map<String, Tensor> official) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        official.forEach((k, v) -> {
            if (k.endsWith("resample_filter")) {
                checkFilter("D." + k, v);
                return;
            }
            String name = k.replaceFirst("^b\\d+\\.fromrgb\\.", "fromrgb.").replaceFirst("^b4\\.(conv|fc|out)\\.", "b4$1.")
                    .replaceFirst("^mapping\\.embed\\.", "cembed.").replaceFirst("^mapping\\.fc", "cmapping.fc");
            out.put(name, v);
        });
        return out;
    }

    /** A convolution kernel {@code [O, I, kh, kw]} rotated by 180 degrees. */
    static Tensor flipped(Tensor t) {
        long[] s = t.shape();
        int kh = (int) s[2], kw = (int) s[3];
        float[] out = new float[t.data().length];
        for (int base = 0; base < out.length; base += kh * kw) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    out[base + i * kw + j] = t.data()[base + (kh - 1 - i) * kw + (kw - 1 - j)];
                }
            }
        }
        return new Tensor(s, out, t.dtype());
    }

    /** StyleGAN3's user transform buffer, which a network pickle holds as the identity. */
    private void checkIdentity(String key, Tensor t) {
        boolean identity = Arrays.equals(t.shape(), new long[] {3, 3});
        for (int i = 0; identity && i < 9; i++) {
            identity = t.data()[i] == (i % 4 == 0 ? 1 : 0);
        }
        Gen4jException.check(identity, "%s's %s is not the identity; gen4j applies user transforms when sampling (--translate, --rotate).",
                file, key);
    }

    /** StyleGAN2's resampling filter: the outer product of [1, 3, 3, 1] with itself, normalised to sum 1. */
    private void checkFilter(String key, Tensor f) {
        float[] taps = {1, 3, 3, 1};
        boolean same = Arrays.equals(f.shape(), new long[] {4, 4});
        for (int i = 0; same && i < 16; i++) {
            same = Math.abs(f.data()[i] - taps[i / 4] * taps[i % 4] / 64f) < 1e-6;
        }
        Gen4jException.check(same, "%s's %s is not StyleGAN2's [1, 3, 3, 1] resampling filter, the only one gen4j's StyleGAN2 uses.", file,
                key);
    }

    private PersistentObject child(PersistentObject parent, String name, String where) {
        Object c = parent.map("_modules").get(name);
        Gen4jException.check(c instanceof PersistentObject, "%s's %s has no module '%s' (it has: %s).", file, where, name,
                String.join(", ", parent.map("_modules").keySet()));
        return (PersistentObject) c;
    }

    private Object attribute(PersistentObject o, String name, String where) {
        Object v = o.state().get(name);
        Gen4jException.check(v != null, "%s's %s has no attribute '%s'.", file, where, name);
        return v;
    }

    private long number(PersistentObject o, String name, String where) {
        Object v = attribute(o, name, where);
        Gen4jException.check(v instanceof Number, "%s's %s.%s is %s, not a number.", file, where, name, v);
        return ((Number) v).longValue();
    }
}
