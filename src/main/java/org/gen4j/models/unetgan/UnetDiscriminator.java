package org.gen4j.models.unetgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gen4j.models.sagan.DBlock;
import org.gen4j.nn.Bias;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.Embedding;
import org.gen4j.nn.Init;
import org.gen4j.nn.Module;
import org.gen4j.nn.ProjectionHead;
import org.gen4j.ops.Resample;
import org.gen4j.ops.Shapes;

/**
 * U-Net GAN's discriminator (Schonfeld et al. 2020, section 3.1, figure 2; the authors'
 * {@code Unet_Discriminator}). The encoder is BigGAN's residual D down to 4x4, the block widths
 * doubling from {@code ch}; its pooled features give the global logit with a projection term. The
 * decoder mirrors it with up-sampling residual blocks without normalisation ({@code ReLU, 2x
 * nearest upsampling, 3x3 conv, ReLU, 3x3 conv} with a 1x1 shortcut), each after the first taking
 * the encoder's output of its input side concatenated along the channels (the U-Net skips), and a
 * plain 1x1 convolution gives a logit per pixel, with a per-pixel projection term
 * {@code <e_y, h_ij>} when conditional.
 *
 * <p>The authors' architecture exists for 128x128 and 256x256 only; gen4j draws the same pattern
 * for any side from 32 (encoder widths {@code ch, 2 ch, ...} to 4x4; decoder widths halving back to
 * {@code ch}), which at 128x128 is theirs.
 */
final class UnetDiscriminator extends Module {

    /** The global logits {@code [N]} and the per-pixel logits {@code [N, 1, R, R]}. */
    record Output(NDArray global, NDArray pixels) {}

    private final List<DBlock> encoder = new ArrayList<>();
    private final List<UpBlock> decoder = new ArrayList<>();
    private final ProjectionHead globalHead;
    private final Conv2d pixelHead;
    private final Embedding pixelEmbed; // null when unconditional
    private final int imageChannels;

    /** A decoder block: BigGAN's up-sampling residual block without batch norm. */
    static final class UpBlock extends Module {
        final Conv2d conv1;
        final Conv2d conv2;
        final Conv2d shortcut;

        UpBlock(NDManager m, RandomGenerator rng, int in, int out, Init init) {
            conv1 = child("conv1", Conv2d.sn(m, rng, in, out, 3, init));
            conv2 = child("conv2", Conv2d.sn(m, rng, out, out, 3, init));
            shortcut = child("conv_sc", Conv2d.sn(m, rng, in, out, 1, init));
        }

        NDArray forward(NDArray x) {
            NDArray h = conv2.forward(Activation.relu(conv1.forward(Resample.upsample2x(Activation.relu(x)))));
            return h.add(Resample.upsample2x(shortcut.forward(x))); // the 1x1 shortcut commutes with the upsampling
        }
    }

    UnetDiscriminator(NDManager m, RandomGenerator rng, int resolution, int ch, int imageChannels, int numClasses, Init init) {
        this.imageChannels = imageChannels;
        int levels = Integer.numberOfTrailingZeros(resolution) - 2; // blocks from R down to 4x4
        int[] enc = new int[levels];
        int in = imageChannels;
        for (int i = 0; i < levels; i++) {
            enc[i] = ch << i;
            encoder.add(child("enc" + i, new DBlock(m, rng, in, enc[i], true, i > 0, init)));
            in = enc[i];
        }
        int prev = enc[levels - 1];
        for (int j = 0; j < levels; j++) {
            int skip = j == 0 ? 0 : enc[levels - 1 - j];
            int out = j < levels - 1 ? ch << (levels - 2 - j) : ch;
            decoder.add(child("dec" + j, new UpBlock(m, rng, prev + skip, out, init)));
            prev = out;
        }
        this.globalHead = child("global", new ProjectionHead(m, rng, enc[levels - 1], numClasses, init));
        this.pixelHead = child("pixel", new Conv2d(m, rng, ch, 1, 1, 1, 0, init, Bias.PYTORCH, false));
        this.pixelEmbed = numClasses > 0 ? child("pixel_embed", new Embedding(m, rng, numClasses, ch, true, init)) : null;
    }

    /**
     * @param x images {@code [N, C, R, R]}
     * @param classWeights one-hot classes {@code [N, K]}, or {@code null} when unconditional
     */
    Output forward(NDArray x, NDArray classWeights) {
        Shapes.check(x, "U-Net discriminator input", Shapes.ANY, imageChannels, Shapes.ANY, Shapes.ANY);
        List<NDArray> features = new ArrayList<>();
        NDArray h = x;
        for (DBlock b : encoder) {
            h = b.forward(h);
            features.add(h);
        }
        NDArray global = globalHead.forward(Activation.relu(h).sum(new int[] {2, 3}), classWeights);
        for (int j = 0; j < decoder.size(); j++) {
            if (j > 0) {
                h = h.concat(features.get(features.size() - 1 - j), 1);
            }
            h = decoder.get(j).forward(h);
        }
        NDArray pixels = pixelHead.forward(h);
        if (pixelEmbed != null) {
            NDArray e = pixelEmbed.forward(classWeights); // [N, ch]
            pixels = pixels.add(h.mul(e.expandDims(2).expandDims(3)).sum(new int[] {1}, true));
        }
        return new Output(global, pixels);
    }
}
