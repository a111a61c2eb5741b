package org.gen4j.models.vdvae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.Init;
import org.gen4j.nn.Module;
import org.gen4j.ops.Shapes;

/**
 * VDVAE's bottom-up encoder (Child 2021, section 3, figure 3): a 3x3 convolution from the image to
 * {@code width} channels, then residual bottleneck blocks, some followed by average pooling, as the
 * layout {@code encBlocks} says. The last activation at every resolution is what the decoder's
 * posteriors at that resolution see. Each block's last convolution starts scaled by
 * {@code sqrt(1 / number of encoder blocks)}.
 */
final class Encoder extends Module {

    private final Conv2d in;
    private final List<Block> blocks = new ArrayList<>();
    private final int imageChannels;

    Encoder(NDManager m, RandomGenerator rng, VdvaeConfig c, BlockLayout layout) {
        this.imageChannels = c.imageChannels();
        this.in = child("in_conv", Block.conv(m, rng, c.imageChannels(), c.width(), 3, Init.pytorchDefault()));
        double scale = Math.sqrt(1.0 / layout.encoder().size());
        int i = 0;
        for (BlockLayout.EncoderBlock b : layout.encoder()) {
            blocks.add(child("block" + i++, new Block(m, rng, c.width(), c.middleWidth(), c.width(), true, b.resolution() > 2,
                    b.downRate(), scale)));
        }
    }

    /** Images {@code [N, C, R, R]} to activations {@code [N, width, r, r]} by resolution r. */
    Map<Integer, NDArray> forward(NDArray x) {
        Shapes.check(x, "VDVAE encoder input", Shapes.ANY, imageChannels, Shapes.ANY, Shapes.ANY);
        NDArray h = in.forward(x);
        Map<Integer, NDArray> activations = new HashMap<>();
        activations.put((int) h.getShape().get(2), h);
        for (Block b : blocks) {
            h = b.forward(h);
            activations.put((int) h.getShape().get(2), h);
        }
        return activations;
    }
}
