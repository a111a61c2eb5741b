package org.gen4j.train;

import ai.djl.ndarray.NDArray;

/**
 * A class-conditional generator whose class input is linear in the one-hot label (a class
 * embedding, or per-class tables), so it also renders mixtures of classes: BigGAN's class
 * interpolation at a fixed latent (Brock et al. 2019, figure 8).
 */
public interface ConditionalGenerator extends ImageGenerator {

    /**
     * @param latents {@code [N, latentDim]}
     * @param classWeights {@code [N, numClasses]}, each row non-negative and summing to 1; one-hot
     *     rows give {@link #generate} of those classes
     * @return {@code [N, C, R, R]}
     */
    NDArray generateMixed(NDArray latents, NDArray classWeights);
}
