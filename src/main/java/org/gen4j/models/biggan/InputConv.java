package org.gen4j.models.biggan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.random.RandomGenerator;
import org.gen4j.models.sagan.DiscriminatorBlock;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.Init;

/** BigGAN-deep's first discriminator layer: a spectrally normalised 3x3 convolution from the image. */
final class InputConv extends DiscriminatorBlock {

    private final Conv2d conv;

    InputConv(NDManager m, RandomGenerator rng, int in, int out, Init init) {
        this.conv = child("conv", Conv2d.sn(m, rng, in, out, 3, init));
    }

    @Override
    public NDArray forward(NDArray x) {
        return conv.forward(x);
    }
}
