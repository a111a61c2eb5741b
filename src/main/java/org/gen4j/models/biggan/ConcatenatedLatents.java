package org.gen4j.models.biggan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.random.RandomGenerator;
import org.gen4j.models.sagan.Conditioning;
import org.gen4j.nn.Embedding;
import org.gen4j.nn.Init;

/**
 * BigGAN-deep's conditioning (Brock et al. 2019, appendix B, figure 16): the shared class
 * embedding is concatenated with the whole of z, and that one vector feeds the first dense layer
 * and every conditional batch norm.
 */
public final class ConcatenatedLatents extends Conditioning {

    private final Embedding shared;
    private final int zDim;
    private final int sharedDim;

    public ConcatenatedLatents(NDManager m, RandomGenerator rng, int zDim, int classes, int sharedDim, Init init) {
        this.zDim = zDim;
        this.sharedDim = sharedDim;
        this.shared = child("shared", new Embedding(m, rng, classes, sharedDim, false, init));
    }

    public Embedding shared() {
        return shared;
    }

    @Override
    public int latentDim() {
        return zDim;
    }

    @Override
    public int denseInput() {
        return sharedDim + zDim;
    }

    @Override
    public int conditionDim() {
        return sharedDim + zDim;
    }

    @Override
    public Split split(NDArray z, NDArray classWeights, int blocks) {
        NDArray c = shared.forward(classWeights).concat(z, 1);
        NDArray[] all = new NDArray[blocks];
        java.util.Arrays.fill(all, c);
        return new Split(c, all);
    }
}
