package org.gen4j.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.gen4j.Gen4jException;
import org.gen4j.io.AtomicFiles;
import org.gen4j.io.SafeTensors;
import org.gen4j.ops.Resample;

/**
 * A {@link ClassifierNet} as a feature network, stored as a safetensors file whose metadata names
 * its input channels, classes and the data it was trained on. gen4j ships one trained on
 * Fashion-MNIST ({@link #builtIn}); {@code gen4j featnet train} makes one for any labelled
 * dataset. Images of any size are resized bilinearly to 32x32 first.
 */
public final class ClassifierFeatures implements FeatureNetwork {

    /** Format marker in the file's metadata. */
    public static final String FORMAT = "gen4j-featnet-1";

    /** Where the built-in network lives on the classpath. */
    public static final String BUILT_IN = "/org/gen4j/metrics/fashion-mnist-classifier.safetensors";

    private final NDManager manager;
    private final ClassifierNet net;
    private final Map<String, String> metadata;
    private final String id;
    private final int channels;

    private ClassifierFeatures(NDManager manager, ClassifierNet net, Map<String, String> metadata, String id) {
        this.manager = manager;
        this.net = net;
        this.metadata = metadata;
        this.id = id;
        this.channels = Integer.parseInt(metadata.get("channels"));
    }

    /** A freshly initialised network, for training. */
    static ClassifierFeatures untrained(int channels, List<String> classNames, long seed) {
        NDManager m = NDManager.newBaseManager();
        ClassifierNet net = new ClassifierNet(m, new SplittableRandom(seed), channels, classNames.size());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("channels", Integer.toString(channels));
        meta.put("classes", new Gson().toJson(classNames));
        return new ClassifierFeatures(m, net, meta, "untrained");
    }

    /**
     * An untrained network with weights drawn from {@code seed}: random features for a projected
     * discriminator when no trained network is given (its id is {@code random-SEED}).
     */
    public static ClassifierFeatures random(int channels, int classes, long seed) {
        List<String> names = java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        ClassifierFeatures u = untrained(channels, names, seed);
        return new ClassifierFeatures(u.manager, u.net, u.metadata, "random-" + seed);
    }

    /** The network trained by gen4j on Fashion-MNIST's training split. */
    public static ClassifierFeatures builtIn() {
        try (InputStream in = ClassifierFeatures.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("the built-in feature network is missing from gen4j's jar");
            }
            Path tmp = Files.createTempFile("gen4j-featnet", ".safetensors");
            try {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return load(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in feature network", e);
        }
    }

    /** Loads a feature network file written by {@link #save}. */
    public static ClassifierFeatures load(Path file) {
        NDManager m = NDManager.newBaseManager();
        try {
            SafeTensors.Contents c = SafeTensors.read(file, m);
            Map<String, String> meta = c.metadata();
            Gen4jException.check(FORMAT.equals(meta.get("format")), "%s is not a gen4j feature network (its metadata lacks format=%s).",
                    file, FORMAT);
            List<String> classes = new Gson().fromJson(meta.get("classes"), new TypeToken<List<String>>() {}.getType());
            ClassifierNet net = new ClassifierNet(m, new SplittableRandom(0), Integer.parseInt(meta.get("channels")), classes.size());
            try {
                net.load(c.tensors());
            } catch (IllegalArgumentException e) {
                throw new Gen4jException(file + " does not hold gen4j's classifier: " + e.getMessage() + ".");
            }
            return new ClassifierFeatures(m, net, meta, "gen4j-" + sha256(file).substring(0, 12));
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** Writes the network with its metadata (plus {@code extra}), atomically. */
    public void save(Path file, Map<String, String> extra) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.putAll(extra);
        AtomicFiles.write(file, out -> SafeTensors.write(out, net.parameters(), meta));
    }

    ClassifierNet net() {
        return net;
    }

    NDManager manager() {
        return manager;
    }

    /** Metadata: format, channels, classes (JSON list) and, once trained, data and test accuracy. */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int featureDim() {
        return ClassifierNet.FEATURES;
    }

    @Override
    public void checkInput(int imageChannels, String flag) {
        Gen4jException.check(imageChannels == channels,
                "the feature network %s takes %d-channel images but these have %d; pass %s with a network for them "
                        + "(gen4j featnet train makes one).", id, channels, imageChannels, flag);
    }

    @Override
    public Output apply(NDArray images) {
        NDArray f = net.features(prepared(images));
        return new Output(f, net.logits(f).softmax(1));
    }

    /**
     * Activations at the network's four depths (see {@link ClassifierNet}): {@code [N, 32, 16, 16]},
     * {@code [N, 64, 8, 8]}, {@code [N, 128, 4, 4]}, {@code [N, 128, 1, 1]}, differentiable in
     * {@code images [N, C, H, W]} (values in [-1, 1], resized bilinearly to 32x32 first). Used by
     * StyleGAN-XL's projected discriminator.
     */
    public List<NDArray> pyramid(NDArray images) {
        return net.pyramid(prepared(images));
    }

    /** Class logits {@code [N, K]} of images, differentiable in {@code images} (classifier guidance). */
    public NDArray logits(NDArray images) {
        return net.logits(net.features(prepared(images)));
    }

    /** Images checked for their channels and resized bilinearly to the network's side. */
    private NDArray prepared(NDArray images) {
        checkInput((int) images.getShape().get(1), FeatureNetworks.FLAG);
        return images.getShape().get(2) == ClassifierNet.SIZE ? images : Resample.bilinear(images, ClassifierNet.SIZE);
    }

    /** The classifier's class directions {@code [K, 128]} (its last layer's rows as used). */
    public NDArray classDirections() {
        return net.classDirections();
    }

    /** The classes it was trained on. */
    public List<String> classNames() {
        return new Gson().fromJson(metadata.get("classes"), new TypeToken<List<String>>() {}.getType());
    }

    /** Its input channels. */
    public int channels() {
        return channels;
    }

    /** The network's weights, by name (to freeze them or check that they stay unchanged). */
    public Map<String, NDArray> weights() {
        return net.parameters();
    }

    /** The id of the built-in network (the one {@code eval} measures FID with by default), without loading it twice. */
    public static String builtInId() {
        try (ClassifierFeatures b = builtIn()) {
            return b.id();
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw new Gen4jException("cannot read " + file + ": " + e.getMessage() + ".");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
