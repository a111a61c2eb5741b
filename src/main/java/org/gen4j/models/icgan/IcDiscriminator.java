package org.gen4j.models.icgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.random.RandomGenerator;
import org.gen4j.models.sagan.Discriminator;
import org.gen4j.nn.Bias;
import org.gen4j.nn.Embedding;
import org.gen4j.nn.Init;
import org.gen4j.nn.Linear;
import org.gen4j.nn.Module;

/**
 * IC-GAN's discriminator (the authors' {@code BigGAN.py}): BigGAN's residual trunk and sum pooling
 * to features {@code phi(x)} of C channels, a spectrally normalised linear score, and a projection
 * term with the instance: {@code <W_h h, phi(x)>} with {@code W_h} a spectrally normalised dense
 * layer; in the class-conditional form the class embedding and {@code W_h h} take C/2 channels
 * each, concatenated. The condition vector is {@code [one-hot class (class-conditional only), h]}.
 */
final class IcDiscriminator extends Module {

    private final Discriminator trunk;
    private final Linear linear;
    private final Linear instance;
    private final Embedding classes; // or null
    private final int numClasses;

    IcDiscriminator(NDManager m, RandomGenerator rng, IcGanConfig c, int instanceDim) {
        Init init = c.init().init();
        this.numClasses = c.numClasses();
        this.trunk = child("trunk", Discriminator.resnet(m, rng, c.resolution(), c.ch(), c.imageChannels(), c.attentionResolution(), 0, init,
                false));
        int f = trunk.featureDim();
        this.linear = child("linear", new Linear(m, rng, f, 1, init, Bias.PYTORCH, true));
        int half = numClasses > 0 ? f / 2 : f;
        this.instance = child("linear_feat", new Linear(m, rng, instanceDim, half, init, Bias.PYTORCH, true));
        this.classes = numClasses > 0 ? child("embed", new Embedding(m, rng, numClasses, f - half, true, init)) : null;
    }

    /** Scores {@code [N]} of images under their condition vectors. */
    NDArray forward(NDArray x, NDArray condition) {
        NDArray phi = trunk.features(x);
        NDArray e;
        if (classes == null) {
            e = instance.forward(condition);
        } else {
            NDList parts = condition.split(new long[] {numClasses}, 1);
            e = classes.forward(parts.get(0)).concat(instance.forward(parts.get(1)), 1);
        }
        return linear.forward(phi).reshape(-1).add(e.mul(phi).sum(new int[] {1}));
    }
}
