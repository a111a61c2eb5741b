package org.gen4j.models.icgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.random.RandomGenerator;
import org.gen4j.models.sagan.Conditioning;
import org.gen4j.nn.Bias;
import org.gen4j.nn.Embedding;
import org.gen4j.nn.Init;
import org.gen4j.nn.Linear;

/**
 * IC-GAN's conditioning of BigGAN's generator (the authors' {@code BigGAN.py},
 * {@code get_condition_embeddings}): the instance features h pass through a spectrally normalised
 * dense layer (with bias) to {@code featureDim}; the class-conditional form puts the class
 * embedding before it; z is split hierarchically, chunk 0 to the first dense layer, and block i's
 * conditional batch norms read {@code [class embedding,] projected h, z chunk i + 1}. The
 * condition vector this takes is {@code [one-hot class (class-conditional form only), h]}.
 */
final class InstanceLatents extends Conditioning {

    private final Embedding classes; // or null
    private final Linear features;
    private final int zDim;
    private final int numClasses;
    private final int chunk;
    private final int conditionDim;

    InstanceLatents(NDManager m, RandomGenerator rng, int zDim, int numClasses, int sharedDim, int instanceDim, int featureDim, int blocks,
            Init init) {
        this.zDim = zDim;
        this.numClasses = numClasses;
        this.chunk = zDim / (blocks + 1);
        this.classes = numClasses > 0 ? child("shared", new Embedding(m, rng, numClasses, sharedDim, false, init)) : null;
        this.features = child("shared_feat", new Linear(m, rng, instanceDim, featureDim, init, Bias.PYTORCH, true));
        this.conditionDim = (numClasses > 0 ? sharedDim : 0) + featureDim + chunk;
    }

    @Override
    public int latentDim() {
        return zDim;
    }

    @Override
    public int denseInput() {
        return chunk;
    }

    @Override
    public int conditionDim() {
        return conditionDim;
    }

    @Override
    public Split split(NDArray z, NDArray condition, int blocks) {
        NDArray e;
        if (classes == null) {
            e = features.forward(condition);
        } else {
            NDList parts = condition.split(new long[] {numClasses}, 1);
            e = classes.forward(parts.get(0)).concat(features.forward(parts.get(1)), 1);
        }
        NDList zs = z.split(blocks + 1, 1);
        NDArray[] c = new NDArray[blocks];
        for (int i = 0; i < blocks; i++) {
            c[i] = e.concat(zs.get(i + 1), 1);
        }
        return new Split(zs.get(0), c);
    }
}
