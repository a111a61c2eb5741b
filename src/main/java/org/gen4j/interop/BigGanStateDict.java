package org.gen4j.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gen4j.Gen4jException;
import org.gen4j.io.TorchPickle;
import org.gen4j.io.TorchPickle.Tensor;
import org.gen4j.models.biggan.BigGanConfig;
import org.gen4j.models.sagan.Architecture;
import org.gen4j.train.Configs;
import org.gen4j.train.TrainableModel;

/**
 * State dicts of the BigGAN authors' code (ajbrock/BigGAN-PyTorch, {@code BigGAN.py}; the
 * {@code G.pth} or {@code G_ema.pth} and the {@code D.pth} its training saves with
 * {@code torch.save}), read by {@link TorchPickle#readZip}, mapped onto gen4j's BigGAN. The
 * architecture (resolution, width, z length, shared embedding, hierarchical z, classes, image
 * channels, the self-attention block's place) is read from the tensors' shapes; the training
 * settings are gen4j's {@code cpu} preset's. Both G and its moving average get the generator's
 * weights; D gets the discriminator's when one is given and starts fresh otherwise.
 *
 * <p>The name map: {@code shared} is {@code cond.shared}; {@code blocks.I.0} is {@code blockI}
 * and {@code blocks.I.1} (a self-attention layer after block I) is {@code attention}; a spectrally
 * normalised layer's {@code u0} and {@code sv0} are its {@code sn.u} and {@code sn.sigma}
 * (gen4j's {@code sn.v} is recomputed from {@code u} in every forward pass); batch norm's
 * {@code stored_mean} and {@code stored_var} are {@code bn.running_mean} and
 * {@code bn.running_var}; {@code output_layer.0} (its {@code gain} and {@code bias}) is
 * {@code out_bn} ({@code weight}, {@code bias}) and {@code output_layer.2} is {@code out_conv}.
 * In D, {@code linear} and {@code embed} are the projection head's {@code head.linear} and
 * {@code head.embed}.
 */
public final class BigGanStateDict {

    private static final Pattern ATTENTION = Pattern.compile("blocks\\.(\\d+)\\.1\\.gamma");

    private final Path file;
    private final Map<String, Tensor> tensors;
    private final Path discriminatorFile;
    private final Map<String, Tensor> discriminator;

    private BigGanStateDict(Path file, Map<String, Tensor> tensors, Path discriminatorFile, Map<String, Tensor> discriminator) {
        this.file = file;
        this.tensors = tensors;
        this.discriminatorFile = discriminatorFile;
        this.discriminator = discriminator;
    }

    /**
     * Reads a generator state dict saved by {@code torch.save}; refuses anything but a dict of
     * tensors with BigGAN-PyTorch's generator layout.
     *
     * @param file the {@code .pth} or {@code .pt} file
     * @return the state dict
     */
    public static BigGanStateDict read(Path file) {
        Map<String, Tensor> g = tensors(file);
        requireKeys(file, g, "generator", "shared.weight", "linear.weight");
        return new BigGanStateDict(file, g, null, Map.of());
    }

    /**
     * This generator with the discriminator of the same training run (its {@code D.pth}).
     *
     * @param file the discriminator's state dict
     * @return the generator and discriminator
     */
    public BigGanStateDict withDiscriminator(Path file) {
        Map<String, Tensor> d = tensors(file);
        requireKeys(file, d, "discriminator", "embed.weight", "linear.weight", "blocks.0.0.conv1.weight");
        return new BigGanStateDict(this.file, tensors, file, d);
    }

    private static Map<String, Tensor> tensors(Path file) {
        Object root = TorchPickle.readZip(file);
        Gen4jException.check(root instanceof Map<?, ?>, "%s holds a %s, not a state dict.", file,
                root == null ? "None" : root.getClass().getSimpleName());
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) root).entrySet()) {
            Gen4jException.check(e.getValue() instanceof Tensor, "%s is not a state dict: its entry '%s' is not a tensor.", file, e.getKey());
            out.put(String.valueOf(e.getKey()), (Tensor) e.getValue());
        }
        return out;
    }

    private static void requireKeys(Path file, Map<String, Tensor> dict, String what, String... keys) {
        for (String key : keys) {
            Gen4jException.check(dict.containsKey(key), "%s is not a BigGAN-PyTorch %s state dict: it has no %s (it has: %s).", file, what,
                    key, String.join(", ", new TreeSet<>(dict.keySet()).stream().limit(8).toList()));
        }
    }

    /**
     * gen4j's BigGAN settings for this generator (and discriminator, which must agree with it).
     *
     * @param base the preset whose training settings to keep
     * @return the settings
     */
    public BigGanConfig config(BigGanConfig base) {
        int blocks = (int) tensors.keySet().stream().filter(k -> k.matches("blocks\\.\\d+\\.0\\.conv1\\.weight")).count();
        Gen4jException.check(blocks > 0, "%s has no generator blocks (blocks.0.0.conv1.weight).", file);
        int resolution = 4 << blocks;
        Architecture.check(resolution);
        long[] shared = tensors.get("shared.weight").shape(), linear = tensors.get("linear.weight").shape();
        Tensor gain = tensors.get("blocks.0.0.bn1.gain.weight"), out = tensors.get("output_layer.2.weight");
        Gen4jException.check(gain != null && out != null, "%s lacks blocks.0.0.bn1.gain.weight or output_layer.2.weight.", file);
        boolean hierarchical = gain.shape()[1] != shared[1];
        long zDim = hierarchical ? (gain.shape()[1] - shared[1]) * (blocks + 1) : linear[1];
        Gen4jException.check(!hierarchical || linear[1] == gain.shape()[1] - shared[1],
                "%s's linear layer takes %d inputs but its z chunks have %d.", file, linear[1], gain.shape()[1] - shared[1]);
        long ch = linear[0] / 16 / Architecture.generator(resolution, 1).get(0).in();
        List<Integer> gAttention = attentionBlocks(tensors);
        Gen4jException.check(gAttention.size() <= 1, "%s has self-attention after %d blocks; gen4j's BigGAN has one attention block.",
                file, gAttention.size());
        int attentionResolution = gAttention.isEmpty() ? 0 : Architecture.generator(resolution, 1).get(gAttention.get(0)).outputResolution();
        if (discriminatorFile != null) {
            checkDiscriminator(resolution, ch, shared[0], attentionResolution);
        }
        Map<String, String> set = new LinkedHashMap<>();
        set.put("resolution", Integer.toString(resolution));
        set.put("imageChannels", Long.toString(out.shape()[0]));
        set.put("numClasses", Long.toString(shared[0]));
        set.put("conditional", "true");
        set.put("sharedDim", Long.toString(shared[1]));
        set.put("hierarchical", Boolean.toString(hierarchical));
        set.put("zDim", Long.toString(zDim));
        set.put("ch", Long.toString(ch));
        set.put("attentionResolution", Integer.toString(attentionResolution));
        return Configs.override(base, set, "the generator in " + file);
    }

    /** The indices of the blocks a self-attention layer follows, in order. */
    private static List<Integer> attentionBlocks(Map<String, Tensor> dict) {
        List<Integer> out = new ArrayList<>();
        for (String key : dict.keySet()) {
            Matcher m = ATTENTION.matcher(key);
            if (m.matches()) {
                out.add(Integer.parseInt(m.group(1)));
            }
        }
        out.sort(null);
        return out;
    }

    /** The discriminator must have the generator's resolution, width, classes and attention resolution. */
    private void checkDiscriminator(int resolution, long ch, long classes, int attentionResolution) {
        int blocks = (int) discriminator.keySet().stream().filter(k -> k.matches("blocks\\.\\d+\\.0\\.conv1\\.weight")).count();
        List<Architecture.Block> plan = Architecture.discriminator(resolution, 1, 3);
        Gen4jException.check(blocks == plan.size(), "%s has %d blocks, but a %dx%d BigGAN discriminator has %d (the generator in %s is %dx%d).",
                discriminatorFile, blocks, resolution, resolution, plan.size(), file, resolution, resolution);
        long dCh = discriminator.get("blocks.0.0.conv1.weight").shape()[0] / plan.get(0).out();
        Gen4jException.check(dCh == ch, "%s has width D_ch %d but the generator in %s has G_ch %d; gen4j's BigGAN uses one width for both.",
                discriminatorFile, dCh, file, ch);
        long dClasses = discriminator.get("embed.weight").shape()[0];
        Gen4jException.check(dClasses == classes, "%s has %d classes but the generator in %s has %d.", discriminatorFile, dClasses, file,
                classes);
        List<Integer> dAttention = attentionBlocks(discriminator);
        Gen4jException.check(dAttention.size() <= 1, "%s has self-attention after %d blocks (the authors' 32x32 D_arch lists every block at "
                + "16x16, so D_attn 16 attends after each); gen4j's BigGAN has one attention block.", discriminatorFile, dAttention.size());
        int dResolution = dAttention.isEmpty() ? 0 : plan.get(dAttention.get(0)).outputResolution();
        Gen4jException.check(dResolution == attentionResolution, "%s attends at %s but the generator in %s at %s; gen4j's BigGAN attends at "
                + "one resolution in both.", discriminatorFile, side(dResolution), file, side(attentionResolution));
    }

    private static String side(int resolution) {
        return resolution == 0 ? "no resolution" : resolution + "x" + resolution;
    }

    /** A BigGAN-PyTorch generator name as gen4j's. */
    static String gen4jName(String name) {
        String n = name.replaceFirst("^shared\\.", "cond.shared.").replaceFirst("^output_layer\\.0\\.gain$", "out_bn.weight")
                .replaceFirst("^output_layer\\.0\\.", "out_bn.").replaceFirst("^output_layer\\.2\\.", "out_conv.");
        n = blockName(n);
        if (n.startsWith("out_bn.")) {
            return n.replace("stored_mean", "running_mean").replace("stored_var", "running_var");
        }
        return n.replace(".stored_mean", ".bn.running_mean").replace(".stored_var", ".bn.running_var");
    }

    /** A BigGAN-PyTorch discriminator name as gen4j's. */
    static String gen4jDiscriminatorName(String name) {
        return blockName(name.replaceFirst("^linear\\.", "head.linear.").replaceFirst("^embed\\.", "head.embed."));
    }

    /** The names both networks share: blocks, the attention layer and spectral norm's state. */
    private static String blockName(String name) {
        return name.replaceFirst("^blocks\\.(\\d+)\\.0\\.", "block$1.").replaceFirst("^blocks\\.\\d+\\.1\\.", "attention.")
                .replaceFirst("\\.u0$", ".sn.u").replaceFirst("\\.sv0$", ".sn.sigma");
    }

    /**
     * Copies the generator into {@code model}'s G and moving-average G and the discriminator, if
     * given, into its D; every other tensor keeps its fresh value. Every official key must find a
     * gen4j tensor of as many elements and every gen4j tensor of a loaded network but the recomputed
     * {@code sn.v} must be given, or the keys are named.
     *
     * @param model a BigGAN model of {@link #config}'s settings
     * @param manager where the copies are made
     */
    public void loadInto(TrainableModel model, NDManager manager) {
        Map<String, NDArray> target = new LinkedHashMap<>(model.stateTensors());
        Map<String, Tensor> g = mapped(file, tensors, BigGanStateDict::gen4jName, "G_ema.", target);
        Map<String, Tensor> d = discriminatorFile == null ? Map.of()
                : mapped(discriminatorFile, discriminator, BigGanStateDict::gen4jDiscriminatorName, "D.", target);
        for (String prefix : List.of("G.", "G_ema.")) {
            g.forEach((k, t) -> target.put(prefix + k, manager.create(t.data(), target.get(prefix + k).getShape())));
        }
        d.forEach((k, t) -> target.put("D." + k, manager.create(t.data(), target.get("D." + k).getShape())));
        model.loadState(target, model.stateJson());
    }

    /** {@code dict} under gen4j's names, every key and size checked against the {@code prefix} tensors of {@code target}. */
    private static Map<String, Tensor> mapped(Path file, Map<String, Tensor> dict, java.util.function.UnaryOperator<String> name, String prefix,
            Map<String, NDArray> target) {
        Map<String, Tensor> mapped = new LinkedHashMap<>();
        Map<String, String> official = new LinkedHashMap<>();
        dict.forEach((k, v) -> {
            mapped.put(name.apply(k), v);
            official.put(name.apply(k), k);
        });
        List<String> unexpected = new ArrayList<>(), missing = new ArrayList<>(), misshaped = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : mapped.entrySet()) {
            NDArray t = target.get(prefix + e.getKey());
            if (t == null) {
                unexpected.add(official.get(e.getKey()));
            } else if (t.getShape().size() != e.getValue().size()) {
                misshaped.add(official.get(e.getKey()) + " " + Arrays.toString(e.getValue().shape()) + " where gen4j has "
                        + Arrays.toString(t.getShape().getShape()));
            }
        }
        for (String key : target.keySet()) {
            if (key.startsWith(prefix) && !key.endsWith(".sn.v") && !mapped.containsKey(key.substring(prefix.length()))) {
                missing.add("gen4j's " + key.substring(prefix.length()));
            }
        }
        List<String> problems = new ArrayList<>();
        StyleGanPickle.list(problems, "no gen4j counterpart for ", unexpected);
        StyleGanPickle.list(problems, "missing ", missing);
        StyleGanPickle.list(problems, "wrong shape: ", misshaped);
        Gen4jException.check(problems.isEmpty(), "%s does not match gen4j's BigGAN: %s.", file, String.join("; ", problems));
        return mapped;
    }
}
