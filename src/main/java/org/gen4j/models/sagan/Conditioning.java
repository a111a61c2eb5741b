package org.gen4j.models.sagan;

import ai.djl.ndarray.NDArray;
import org.gen4j.nn.Module;

/**
 * How a conditional SN-ResNet generator takes its latent and class: what goes into its first
 * dense layer, and which conditioning vector each residual block's conditional batch norms see.
 * SAGAN's is {@link ClassTables}; BigGAN's shared embedding with hierarchical latents lives in
 * {@code models.biggan}.
 */
public abstract class Conditioning extends Module {

    /** The input to the first dense layer and one conditioning vector per block. */
    public record Split(NDArray dense, NDArray[] blocks) {}

    /** Length of the latent z the generator takes. */
    public abstract int latentDim();

    /** Length of the first dense layer's input. */
    public abstract int denseInput();

    /** Length of each block's conditioning vector. */
    public abstract int conditionDim();

    /**
     * @param z latents {@code [N, latentDim]}
     * @param classWeights one-hot (or, to interpolate, mixed) classes {@code [N, K]}
     * @param blocks the number of residual blocks
     */
    public abstract Split split(NDArray z, NDArray classWeights, int blocks);
}
