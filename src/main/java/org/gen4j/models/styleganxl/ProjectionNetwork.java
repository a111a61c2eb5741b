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

    private final ClassifierFeatures net;
    private final boolean trained;
    private final int[] channels;
    private final int[] sizes;

    private ProjectionNetwork(ClassifierFeatures net, boolean trained) {
        this.net = net;
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

    /** A network given in memory (tests), frozen. */
    static ProjectionNetwork of(ClassifierFeatures net, boolean trained) {
        return new ProjectionNetwork(net, trained);
    }

    /**
     * Opens the network a setting names.
     *
     * @param file a {@code gen4j featnet train} file, or empty for random frozen weights from {@code seed}
     * @param setting the setting's name, for messages
     * @param imageChannels the images' channels, which the network must take
     */
    static ProjectionNetwork open(String file, String setting, int imageChannels, long seed) {
        if (file.isEmpty()) {
            return new ProjectionNetwork(ClassifierFeatures.random(imageChannels, 10, seed), false);
        }
        Path p = Path.of(file);
        Gen4jException.check(Files.isRegularFile(p), "%s %s does not exist; give a file written by gen4j featnet train.", setting, file);
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
        return net.pyramid(images);
    }

    /** Class logits {@code [N, K]} of images, differentiable in them. */
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

    /** The classes it was trained on (a random one: 10 placeholder classes). */
    int numClasses() {
        return net.classNames().size();
    }

    /** Channels of each depth's activations. */
    int[] channels() {
        return channels.clone();
    }

    /** Side of each depth's activations. */
    int[] sizes() {
        return sizes.clone();
    }

    String id() {
        return net.id();
    }

    /** The frozen weights, for tests. */
    java.util.Map<String, NDArray> weights() {
        return net.weights();
    }

    @Override
    public void close() {
        net.close();
    }
}
