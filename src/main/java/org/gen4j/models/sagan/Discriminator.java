package org.gen4j.models.sagan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gen4j.nn.Init;
import org.gen4j.nn.Module;
import org.gen4j.nn.ProjectionHead;
import org.gen4j.nn.SelfAttention;
import org.gen4j.ops.Shapes;

/**
 * The SN-ResNet projection discriminator of SAGAN and BigGAN (BigGAN, figure 15a; Miyato and Koyama
 * 2018): a trunk of residual blocks (SAGAN's and BigGAN's {@link DBlock}s on the {@link Architecture}
 * plan, or BigGAN-deep's), a self-attention block after the block that reaches the attention
 * resolution, ReLU and global sum pooling (SN-GAN's), then the {@link ProjectionHead}. {@link #features} is the pooled vector alone, for models that put other
 * heads on it (ADC-GAN).
 */
public final class Discriminator extends Module {

    private final List<Module> layers = new ArrayList<>(); // DBlocks and SelfAttentions, in order
    private final ProjectionHead head;
    private final int imageChannels;
    private final int featureDim;

    /**
     * @param trunk {@link DiscriminatorBlock}s and {@link SelfAttention}s, image first
     * @param featureDim channels of the trunk's output
     * @param numClasses 0 for an unconditional discriminator (no projection term)
     * @param withHead false for a feature extractor whose heads the caller adds
     */
    public Discriminator(NDManager m, RandomGenerator rng, List<Module> trunk, int imageChannels, int featureDim, int numClasses,
            Init init, boolean withHead) {
        this.imageChannels = imageChannels;
        int blocks = 0;
        for (Module layer : trunk) {
            layers.add(child(layer instanceof SelfAttention ? "attention" : "block" + blocks++, layer));
        }
        this.featureDim = featureDim;
        this.head = withHead ? child("head", new ProjectionHead(m, rng, featureDim, numClasses, init)) : null;
    }

    /** SAGAN's and BigGAN's discriminator: {@link DBlock}s on the {@link Architecture} plan, the first not pre-activated. */
    public static Discriminator resnet(NDManager m, RandomGenerator rng, int resolution, int ch, int imageChannels,
            int attentionResolution, int numClasses, Init init, boolean withHead) {
        List<Architecture.Block> plan = Architecture.discriminator(resolution, ch, imageChannels);
        List<Module> trunk = new ArrayList<>();
        boolean attended = false;
        for (int i = 0; i < plan.size(); i++) {
            Architecture.Block b = plan.get(i);
            trunk.add(new DBlock(m, rng, b.in(), b.out(), b.resample(), i > 0, init));
            if (!attended && b.outputResolution() == attentionResolution) {
                trunk.add(new SelfAttention(m, rng, b.out(), init));
                attended = true;
            }
        }
        return new Discriminator(m, rng, trunk, imageChannels, plan.get(plan.size() - 1).out(), numClasses, init, withHead);
    }

    /** Length of the pooled feature vector. */
    public int featureDim() {
        return featureDim;
    }

    /** Pooled features {@code sum_HW ReLU(blocks(x))}, {@code [N, featureDim]}. */
    public NDArray features(NDArray x) {
        Shapes.check(x, "discriminator input", Shapes.ANY, imageChannels, Shapes.ANY, Shapes.ANY);
        NDArray h = x;
        for (Module layer : layers) {
            h = layer instanceof DiscriminatorBlock b ? b.forward(h) : ((SelfAttention) layer).forward(h);
        }
        return Activation.relu(h).sum(new int[] {2, 3});
    }

    /**
     * @param x images {@code [N, C, R, R]}
     * @param classWeights one-hot classes {@code [N, K]}, or {@code null} when unconditional
     * @return scores {@code [N]}
     */
    public NDArray forward(NDArray x, NDArray classWeights) {
        return head.forward(features(x), classWeights);
    }
}
