package org.gen4j.models.sagan;

import ai.djl.ndarray.NDArray;
import org.gen4j.nn.Module;

/** A block of a discriminator's trunk: feature maps in, feature maps out. */
public abstract class DiscriminatorBlock extends Module {

    /** {@code [N, in, H, W] -> [N, out, H', W']}. */
    public abstract NDArray forward(NDArray x);
}
