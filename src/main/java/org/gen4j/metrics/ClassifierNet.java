package org.gen4j.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;
import org.gen4j.nn.EqualizedConv2d;
import org.gen4j.nn.EqualizedLinear;
import org.gen4j.nn.Module;
import org.gen4j.ops.Shapes;

/**
 * gen4j's built-in feature network: a small VGG-style classifier for 32x32 images. Three stages
 * of 3x3 convolutions with ReLU and 2x2 max pooling (32, 64 and 128 feature maps), a 128-unit
 * dense layer whose ReLU output is the feature vector (the counterpart of Inception's pool3), and
 * a linear classifier on top. Weights use the equalized-learning-rate parametrisation (unit
 * variance, scaled by He's constant at run time).
 */
final class ClassifierNet extends Module {

    static final int SIZE = 32;
    static final int FEATURES = 128;
    private static final double SQRT2 = Math.sqrt(2);

    private final int channels;
    private final EqualizedConv2d conv1a, conv1b, conv2a, conv2b, conv3;
    private final EqualizedLinear dense;
    private final EqualizedLinear classifier;

    ClassifierNet(NDManager m, RandomGenerator rng, int channels, int classes) {
        this.channels = channels;
        conv1a = child("conv1a", new EqualizedConv2d(m, rng, channels, 32, 3, 1, SQRT2));
        conv1b = child("conv1b", new EqualizedConv2d(m, rng, 32, 32, 3, 1, SQRT2));
        conv2a = child("conv2a", new EqualizedConv2d(m, rng, 32, 64, 3, 1, SQRT2));
        conv2b = child("conv2b", new EqualizedConv2d(m, rng, 64, 64, 3, 1, SQRT2));
        conv3 = child("conv3", new EqualizedConv2d(m, rng, 64, 128, 3, 1, SQRT2));
        dense = child("dense", new EqualizedLinear(m, rng, 128 * 4 * 4, FEATURES, SQRT2));
        classifier = child("classifier", new EqualizedLinear(m, rng, FEATURES, classes, 1));
    }

    /** {@code [N, C, 32, 32] -> [N, 128]}. */
    NDArray features(NDArray x) {
        Shapes.check(x, "feature network input", Shapes.ANY, channels, SIZE, SIZE);
        NDArray h = pool(Activation.relu(conv1b.forward(Activation.relu(conv1a.forward(x)))));
        h = pool(Activation.relu(conv2b.forward(Activation.relu(conv2a.forward(h)))));
        h = pool(Activation.relu(conv3.forward(h)));
        return Activation.relu(dense.forward(h.reshape(h.getShape().get(0), -1)));
    }

    /**
     * Activations at the network's four depths, shallow to deep, for a projected discriminator
     * (Projected GAN, Sauer et al. 2021, section 3.1): the three pooled convolution stages
     * {@code [N, 32, 16, 16]}, {@code [N, 64, 8, 8]}, {@code [N, 128, 4, 4]} and the dense
     * features as {@code [N, 128, 1, 1]}, differentiable in {@code x [N, C, 32, 32]}.
     */
    java.util.List<NDArray> pyramid(NDArray x) {
        Shapes.check(x, "feature network input", Shapes.ANY, channels, SIZE, SIZE);
        NDArray h1 = pool(Activation.relu(conv1b.forward(Activation.relu(conv1a.forward(x)))));
        NDArray h2 = pool(Activation.relu(conv2b.forward(Activation.relu(conv2a.forward(h1)))));
        NDArray h3 = pool(Activation.relu(conv3.forward(h2)));
        NDArray f = Activation.relu(dense.forward(h3.reshape(h3.getShape().get(0), -1)));
        return java.util.List.of(h1, h2, h3, f.reshape(f.getShape().get(0), FEATURES, 1, 1));
    }

    /** The classifier's rows as used, {@code [K, 128]}: each class's direction in feature space. */
    NDArray classDirections() {
        return org.gen4j.ops.Scalars.mul(classifier.parameters().get("weight"), classifier.scale());
    }

    /** Class logits of features. */
    NDArray logits(NDArray features) {
        return classifier.forward(features);
    }

    private static NDArray pool(NDArray x) {
        return x.getNDArrayInternal().maxPool(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }
}
