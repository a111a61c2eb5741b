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
import org.gen4j.Gen4jException;
import org.gen4j.io.TorchPickle;
import org.gen4j.io.TorchPickle.Tensor;
import org.gen4j.models.biggan.BigGanConfig;
import org.gen4j.train.Configs;
import org.gen4j.train.TrainableModel;

/**
 * A generator state dict of the BigGAN authors' code (ajbrock/BigGAN-PyTorch, {@code BigGAN.py};
 * the {@code G.pth} or {@code G_ema.pth} its training saves with {@code torch.save}), read by
 * {@link TorchPickle#readZip}, mapped onto gen4j's BigGAN. The architecture (resolution, width,
 * z length, shared embedding, hierarchical z, classes, image channels) is read from the tensors'
 * shapes; the training settings are gen4j's {@code cpu} preset's. Both G and its moving average
 * get the file's weights; D starts fresh. Attention layers are not mapped yet.
 *
 * <p>The name map: {@code shared} is {@code cond.shared}; {@code blocks.I.0} is {@code blockI};
 * a spectrally normalised layer's {@code u0} and {@code sv0} are its {@code sn.u} and
 * {@code sn.sigma} (gen4j's {@code sn.v} is recomputed from {@code u} in every forward pass);
 * batch norm's {@code stored_mean} and {@code stored_var} are {@code bn.running_mean} and
 * {@code bn.running_var}; {@code output_layer.0} (its {@code gain} and {@code bias}) is
 * {@code out_bn} ({@code weight}, {@code bias}) and {@code output_layer.2} is {@code out_conv}.
 */
public final class BigGanStateDict {

    private final Path file;
    private final Map<String, Tensor> tensors;

    private BigGanStateDict(Path file, Map<String, Tensor> tensors) {
        this.file = file;
        this.tensors = tensors;
    }

    /**
     * Reads a state dict saved by {@code torch.save}; refuses anything but a dict of tensors.
     *
     * @param file the {@code .pth} or {@code .pt} file
     * @return the state dict
     */
    public static BigGanStateDict read(Path file) {
        Object root = TorchPickle.readZip(file);
        Gen4jException.check(root instanceof Map<?, ?>, "%s holds a %s, not a state dict.", file,
                root == null ? "None" : root.getClass().getSimpleName());
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) root).entrySet()) {
            Gen4jException.check(e.getValue() instanceof Tensor, "%s is not a state dict: its entry '%s' is not a tensor.", file, e.getKey());
            out.put(String.valueOf(e.getKey()), (Tensor) e.getValue());
        }
        Gen4jException.check(out.containsKey("shared.weight") && out.containsKey("linear.weight"),
                "%s is not a BigGAN-PyTorch generator state dict: it has no shared.weight and linear.weight (it has: %s).", file,
                String.join(", ", new TreeSet<>(out.keySet()).stream().limit(8).toList()));
        return new BigGanStateDict(file, out);
    }

    /**
     * gen4j's BigGAN settings for this generator.
     *
     * @param base the preset whose training settings to keep
     * @return the settings
     */
    public BigGanConfig config(BigGanConfig base) {
        List<String> attention = tensors.keySet().stream().filter(k -> k.matches("blocks\\.\\d+\\.[1-9]\\..*")).toList();
        Gen4jException.check(attention.isEmpty(), "%s has self-attention layers (%s, ...), which gen4j cannot map yet.", file,
                attention.isEmpty() ? "" : attention.get(0));
        int blocks = (int) tensors.keySet().stream().filter(k -> k.matches("blocks\\.\\d+\\.0\\.conv1\\.weight")).count();
        Gen4jException.check(blocks > 0, "%s has no generator blocks (blocks.0.0.conv1.weight).", file);
        long[] shared = tensors.get("shared.weight").shape(), linear = tensors.get("linear.weight").shape();
        Tensor gain = tensors.get("blocks.0.0.bn1.gain.weight"), out = tensors.get("output_layer.2.weight");
        Gen4jException.check(gain != null && out != null, "%s lacks blocks.0.0.bn1.gain.weight or output_layer.2.weight.", file);
        boolean hierarchical = gain.shape()[1] != shared[1];
        long zDim = hierarchical ? (gain.shape()[1] - shared[1]) * (blocks + 1) : linear[1];
        Gen4jException.check(!hierarchical || linear[1] == gain.shape()[1] - shared[1],
                "%s's linear layer takes %d inputs but its z chunks have %d.", file, linear[1], gain.shape()[1] - shared[1]);
        Map<String, String> set = new LinkedHashMap<>();
        set.put("resolution", Integer.toString(4 << blocks));
        set.put("imageChannels", Long.toString(out.shape()[0]));
        set.put("numClasses", Long.toString(shared[0]));
        set.put("conditional", "true");
        set.put("sharedDim", Long.toString(shared[1]));
        set.put("hierarchical", Boolean.toString(hierarchical));
        set.put("zDim", Long.toString(zDim));
        set.put("ch", Long.toString(linear[0] / 16 / 4));
        set.put("attentionResolution", "0");
        return Configs.override(base, set, "the generator in " + file);
    }

    /** A BigGAN-PyTorch name as gen4j's. */
    static String gen4jName(String name) {
        String n = name.replaceFirst("^shared\\.", "cond.shared.").replaceFirst("^blocks\\.(\\d+)\\.0\\.", "block$1.")
                .replaceFirst("^output_layer\\.0\\.gain$", "out_bn.weight").replaceFirst("^output_layer\\.0\\.", "out_bn.")
                .replaceFirst("^output_layer\\.2\\.", "out_conv.");
        n = n.replaceFirst("\\.u0$", ".sn.u").replaceFirst("\\.sv0$", ".sn.sigma");
        if (n.startsWith("out_bn.")) {
            return n.replace("stored_mean", "running_mean").replace("stored_var", "running_var");
        }
        return n.replace(".stored_mean", ".bn.running_mean").replace(".stored_var", ".bn.running_var");
    }

    /**
     * Copies the generator into {@code model}'s G and moving-average G; every other tensor keeps
     * its fresh value. Every official key must find a gen4j tensor of as many elements and every
     * gen4j generator tensor but the recomputed {@code sn.v} must be given, or the keys are named.
     *
     * @param model a BigGAN model of {@link #config}'s settings
     * @param manager where the copies are made
     */
    public void loadInto(TrainableModel model, NDManager manager) {
        Map<String, NDArray> target = new LinkedHashMap<>(model.stateTensors());
        Map<String, Tensor> mapped = new LinkedHashMap<>();
        tensors.forEach((k, v) -> mapped.put(gen4jName(k), v));
        List<String> unexpected = new ArrayList<>(), missing = new ArrayList<>(), misshaped = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : mapped.entrySet()) {
            NDArray t = target.get("G_ema." + e.getKey());
            if (t == null) {
                unexpected.add(official(e.getKey()));
            } else if (t.getShape().size() != e.getValue().size()) {
                misshaped.add(official(e.getKey()) + " " + Arrays.toString(e.getValue().shape()) + " where gen4j has "
                        + Arrays.toString(t.getShape().getShape()));
            }
        }
        for (String key : target.keySet()) {
            if (key.startsWith("G_ema.") && !key.endsWith(".sn.v") && !mapped.containsKey(key.substring("G_ema.".length()))) {
                missing.add("gen4j's " + key.substring("G_ema.".length()));
            }
        }
        List<String> problems = new ArrayList<>();
        StyleGanPickle.list(problems, "no gen4j counterpart for ", unexpected);
        StyleGanPickle.list(problems, "missing ", missing);
        StyleGanPickle.list(problems, "wrong shape: ", misshaped);
        Gen4jException.check(problems.isEmpty(), "%s does not match gen4j's BigGAN: %s.", file, String.join("; ", problems));
        for (String prefix : List.of("G.", "G_ema.")) {
            mapped.forEach((k, t) -> target.put(prefix + k, manager.create(t.data(), target.get(prefix + k).getShape())));
        }
        model.loadState(target, model.stateJson());
    }

    private String official(String gen4jKey) {
        return tensors.keySet().stream().filter(k -> gen4jName(k).equals(gen4jKey)).findFirst().orElse(gen4jKey);
    }
}
