package org.gen4j.metrics;

import ai.djl.ndarray.NDArray;

/**
 * A network that embeds images for FID, KID and precision/recall, and classifies them for the
 * Inception Score: the built-in {@link ClassifierFeatures} or a TorchScript file such as the FID
 * Inception-v3 ({@link TorchScriptFeatures}).
 */
public interface FeatureNetwork extends AutoCloseable {

    /** Features and class probabilities of a batch. */
    record Output(NDArray features, NDArray probabilities) {}

    /** Identifies the network's weights, e.g. for caching reference statistics. */
    String id();

    /** Length of a feature vector. */
    int featureDim();

    /**
     * Checks that images with this many channels can be embedded.
     *
     * @param flag the option that chooses this network, named in the error (e.g. {@code --feature-net})
     * @throws org.gen4j.Gen4jException naming what the network accepts
     */
    void checkInput(int channels, String flag);

    /**
     * Embeds images.
     *
     * @param images {@code [N, C, H, W]} with values in [-1, 1]
     * @return features {@code [N, featureDim]} and probabilities {@code [N, K]}, float32
     */
    Output apply(NDArray images);

    @Override
    void close();
}
