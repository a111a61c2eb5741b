package org.gen4j.train;

import java.util.function.Consumer;
import org.gen4j.data.Dataset;

/**
 * A model that needs the whole training set, not only its minibatches: IC-GAN conditions on
 * instances and draws real images from their neighbourhoods. {@code train} gives it the data (at the
 * model's resolution) before the first step, and {@code sample} and {@code eval} before sampling.
 */
public interface DatasetConditioned {

    /**
     * @param fitted the training images at the model's resolution, with their labels
     * @param log receives a line per stage (feature extraction, neighbourhoods, cache)
     */
    void attach(Dataset fitted, Consumer<String> log);
}
