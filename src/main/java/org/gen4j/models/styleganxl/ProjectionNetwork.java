package org.gen4j.models.styleganxl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gen4j.Gen4jException;
import org.gen4j.metrics.ClassifierFeatures;
import org.gen4j.nn.Parameters;

/**
 * The frozen feature network of the projected discriminator (Projected GAN, Sauer et al. 2021,
 * section 3; StyleGAN-XL, section 3.2), or of classifier guidance: a gen4j classifier
 * ({@link ClassifierFeatures}) whose weights never record a gradient, so that D's and G's losses
 * differentiate through it to the images and leave it unchanged. Its activations are taken at its
 * four depths ({@link ClassifierFeatures#pyramid}).
 *
 * <p>The paper's EfficientNet-lite0 and DeiT are not available offline. The network is a
 * {@code gen4j featnet train} file, or, when none is given, an untrained one with random frozen
 * weights. The built-in Fashion-MNIST network, with which {@code gen4j eval} measures FID, is
 * refused: projecting onto the evaluation features inflates FID (Kynkaanniemi et al., ICLR 2023).
 */
final class ProjectionNetwork implements AutoCloseable {

    private final ClassifierFeatures net; // or null
    private final TorchScriptProjection script; // or null
    private final String id;
    private final boolean trained;
    private final int[] channels;
    private final int[] sizes;

    private ProjectionNetwork(ClassifierFeatures net, boolean trained) {
        this.net = net;
        this.script = null;
        this.id = net.id();
        this.trained = trained;
        Parameters.setTrainable(net.weights().values(), false);
        try (NDManager m = NDManager.newBaseManager()) {
            List<NDArray> levels = net.pyramid(m.zeros(new Shape(1, net.channels(), 32, 32)));
            channels = new int[levels.size()];
            sizes = new int[levels.size()];
            for (int i = 0; i < levels.size(); i++) {
                channels[i] = (int) levels.get(i).getShape().get(1);
                sizes[i] = (int) levels.get(i).getShape().get(2);
            }
        }
    }

    private ProjectionNetwork(TorchScriptProjection script, String id, int imageChannels, int resolution) {
        this.net = null;
        this.script = script;
        this.id = id;
        this.trained = true;
        try (NDManager m = NDManager.newBaseManager()) {
            List<NDArray> levels = script.pyramid(m.zeros(new Shape(1, imageChannels, resolution, resolution)));
            channels = new int[levels.size()];
            sizes = new int[levels.size()];
            for (int i = 0; i < levels.size(); i++) {
                channels[i] = (int) levels.get(i).getShape().get(1);
                sizes[i] = (int) levels.get(i).getShape().get(2);
            }
        }
    }

    /** A network given in memory (tests), frozen. */
    static ProjectionNetwork of(ClassifierFeatures net, boolean trained) {
        return new ProjectionNetwork(net, trained);
    }

    /**
     * Opens the network a setting names.
     *
     * @param file a {@code gen4j featnet train} file, a TorchScript module (see {@link TorchScriptProjection}), or empty for
     *     random frozen weights from {@code seed}
     * @param setting the setting's name, for messages
     * @param imageChannels the images' channels, which the network must take
     * @param resolution the images' side (a TorchScript network takes them at this size)
     */
    static ProjectionNetwork open(String file, String setting, int imageChannels, int resolution, long seed) {
        if (file.isEmpty()) {
            return new ProjectionNetwork(ClassifierFeatures.random(imageChannels, 10, seed), false);
        }
        Path p = Path.of(file);
        Gen4jException.check(Files.isRegularFile(p), "%s %s does not exist; give a file written by gen4j featnet train or a TorchScript "
                + "module.", setting, file);
        if (zip(p)) { // TorchScript archives are zip files
            TorchScriptProjection script = TorchScriptProjection.load(p, setting, imageChannels, resolution);
            try {
                return new ProjectionNetwork(script, "torchscript-" + sha256(p).substring(0, 12), imageChannels, resolution);
            } catch (RuntimeException e) {
                script.close();
                throw e;
            }
        }
        ClassifierFeatures net;
        try {
            net = ClassifierFeatures.load(p);
        } catch (RuntimeException e) {
            throw new Gen4jException(setting + " " + file + " is not a gen4j feature network (gen4j featnet train writes one): "
                    + e.getMessage());
        }
        try {
            Gen4jException.check(!net.id().equals(ClassifierFeatures.builtInId()), "%s %s is gen4j's built-in FID network; projecting onto "
                    + "the features that measure FID inflates FID (Kynkaanniemi et al. 2023): train a second one with gen4j featnet "
                    + "train --seed 1 --out proj.safetensors.", setting, file);
            Gen4jException.check(net.channels() == imageChannels, "%s %s takes %d-channel images but the data has %d; train one on this "
                    + "data with gen4j featnet train.", setting, file, net.channels(), imageChannels);
            return new ProjectionNetwork(net, true);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** Activations at each depth, shallow to deep, differentiable in {@code images [N, C, H, W]} (values in [-1, 1]). */
    List<NDArray> features(NDArray images) {
        return net != null ? net.pyramid(images) : script.pyramid(images);
    }

    /** Class logits {@code [N, K]} of images, differentiable in them (a gen4j classifier only). */
    NDArray logits(NDArray images) {
        return net.logits(images);
    }

    /** The classifier's class directions {@code [K, d]}, for the class embeddings' initial values. */
    NDArray classDirections() {
        return net.classDirections();
    }

    /** Whether it was trained (a featnet file) rather than drawn at random. */
    boolean trained() {
        return trained;
    }

    /** The classes it was trained on (a random one: 10 placeholder classes; a TorchScript one: 0, it has no classifier). */
    int numClasses() {
        return net == null ? 0 : net.classNames().size();
    }

    /** Channels of each depth's activations. */
    int[] channels() {
        return channels.clone();
    }

    /** Side of each depth's activations. */
    int[] sizes() {
        return sizes.clone();
    }

    /** As {@code FeatureNetwork.id()} gives it for the same file ({@code gen4j-...} or {@code torchscript-...} and the file's hash). */
    String id() {
        return id;
    }

    /** The frozen weights, for tests. */
    java.util.Map<String, NDArray> weights() {
        return net != null ? net.weights() : script.weights();
    }

    private static boolean zip(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && head[0] == 'P' && head[1] == 'K';
        } catch (java.io.IOException e) {
            throw new Gen4jException("cannot read " + file + ": " + e.getMessage() + ".");
        }
    }

    private static String sha256(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                d.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (java.io.IOException e) {
            throw new Gen4jException("cannot read " + file + ": " + e.getMessage() + ".");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (net != null) {
            net.close();
        } else {
            script.close();
        }
    }
}
