package org.gen4j.models.sagan;

import ai.djl.ndarray.NDArray;
import org.gen4j.nn.Module;

/** A residual block of a conditional generator: feature maps and the block's conditioning vector in, feature maps out. */
public abstract class GeneratorBlock extends Module {

    /**
     * @param x {@code [N, in, H, W]}
     * @param condition {@code [N, conditionDim]}, read by the block's conditional batch norms
     */
    public abstract NDArray forward(NDArray x, NDArray condition);

    /** Channels of the block's output. */
    public abstract int outChannels();
}
