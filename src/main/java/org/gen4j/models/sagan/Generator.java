package org.gen4j.models.sagan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gen4j.nn.BatchNorm2d;
import org.gen4j.nn.Bias;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.Init;
import org.gen4j.nn.Linear;
import org.gen4j.nn.Module;
import org.gen4j.nn.SelfAttention;
import org.gen4j.ops.Shapes;

/**
 * The SN-ResNet generator of SAGAN and BigGAN (BigGAN, figure 15a; BigGAN-PyTorch's
 * {@code Generator}): a spectrally normalised dense layer maps its input to {@code 4x4} feature
 * maps, residual blocks take them to the image resolution, each reading its conditioning vector
 * (see {@link Conditioning}), a self-attention block may follow the block that reaches the
 * attention resolution, and the output is {@code BN, ReLU, 3x3 conv, tanh}.
 */
public final class Generator extends Module {

    private final Conditioning conditioning;
    private final Linear linear;
    private final List<Module> layers = new ArrayList<>(); // GeneratorBlocks and SelfAttentions, in order
    private final BatchNorm2d outBn;
    private final Conv2d outConv;
    private final int bottomChannels;
    private final int numBlocks;

    /**
     * @param blocks the residual blocks from 4x4 up
     * @param attentionAfter index of the block a self-attention block follows, or -1 for none
     * @param attentionChannels that block's output channels
     */
    public Generator(NDManager m, RandomGenerator rng, Conditioning conditioning, int bottomChannels, List<GeneratorBlock> blocks,
            int attentionAfter, int attentionChannels, int imageChannels, Init init) {
        this.conditioning = child("cond", conditioning);
        this.bottomChannels = bottomChannels;
        this.numBlocks = blocks.size();
        this.linear = child("linear", new Linear(m, rng, conditioning.denseInput(), bottomChannels * 16, init, Bias.PYTORCH, true));
        for (int i = 0; i < blocks.size(); i++) {
            layers.add(child("block" + i, blocks.get(i)));
            if (i == attentionAfter) {
                layers.add(child("attention", new SelfAttention(m, rng, attentionChannels, init)));
            }
        }
        int last = blocks.get(blocks.size() - 1).outChannels();
        this.outBn = child("out_bn", new BatchNorm2d(m, rng, last, true, 0));
        this.outConv = child("out_conv", Conv2d.sn(m, rng, last, imageChannels, 3, init));
    }

    /** SAGAN's and BigGAN's generator: {@link GBlock}s on the {@link Architecture} plan. */
    public static Generator resnet(NDManager m, RandomGenerator rng, Conditioning conditioning, int resolution, int ch,
            int attentionResolution, int imageChannels, Init init, Init cbnInit, boolean cbnSpectralNorm) {
        List<Architecture.Block> plan = Architecture.generator(resolution, ch);
        List<GeneratorBlock> blocks = new ArrayList<>();
        int attentionAfter = -1;
        for (int i = 0; i < plan.size(); i++) {
            Architecture.Block b = plan.get(i);
            blocks.add(new GBlock(m, rng, b.in(), b.out(), true, conditioning.conditionDim(), init, cbnInit, cbnSpectralNorm));
            if (b.outputResolution() == attentionResolution) {
                attentionAfter = i;
            }
        }
        int attentionChannels = attentionAfter < 0 ? 0 : plan.get(attentionAfter).out();
        return new Generator(m, rng, conditioning, plan.get(0).in(), blocks, attentionAfter, attentionChannels, imageChannels, init);
    }

    public Conditioning conditioning() {
        return conditioning;
    }

    /**
     * @param z {@code [N, latentDim]}
     * @param classWeights {@code [N, K]}, one-hot or mixed
     * @return images {@code [N, C, R, R]} in (-1, 1)
     */
    public NDArray forward(NDArray z, NDArray classWeights) {
        Shapes.check(z, "generator latent", Shapes.ANY, conditioning.latentDim());
        Conditioning.Split split = conditioning.split(z, classWeights, numBlocks);
        NDArray h = linear.forward(split.dense()).reshape(-1, bottomChannels, 4, 4);
        int block = 0;
        for (Module layer : layers) {
            h = layer instanceof GeneratorBlock gb ? gb.forward(h, split.blocks()[block++]) : ((SelfAttention) layer).forward(h);
        }
        return outConv.forward(Activation.relu(outBn.forward(h))).tanh();
    }
}
