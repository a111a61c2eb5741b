package org.gen4j.models.biggan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.random.RandomGenerator;
import org.gen4j.models.sagan.Conditioning;
import org.gen4j.nn.Embedding;
import org.gen4j.nn.Init;

/**
 * BigGAN's conditioning (Brock et al. 2019, section 3 and figure 15a): a class embedding shared by
 * every conditional batch norm ("+Shared" in table 1) and hierarchical latents ("+Hier."): z is
 * split into one chunk per residual block plus one for the first dense layer, and block i's
 * conditional batch norms read the shared embedding concatenated with chunk i + 1. Without the
 * hierarchy z enters the dense layer whole and every block reads the embedding alone.
 */
public final class HierarchicalLatents extends Conditioning {

    private final Embedding shared;
    private final int zDim;
    private final int sharedDim;
    private final int chunk; // 0 without the hierarchy

    /**
     * @param classes the generator's classes (one for an unconditional model: a learned constant)
     * @param blocks the generator's residual blocks; with the hierarchy {@code zDim} must divide by {@code blocks + 1}
     */
    public HierarchicalLatents(NDManager m, RandomGenerator rng, int zDim, int classes, int sharedDim, boolean hierarchical, int blocks,
            Init init) {
        this.zDim = zDim;
        this.sharedDim = sharedDim;
        this.chunk = hierarchical ? zDim / (blocks + 1) : 0;
        this.shared = child("shared", new Embedding(m, rng, classes, sharedDim, false, init));
    }

    /** With the hierarchy, {@code zDim} must split evenly over the blocks of a {@code resolution} generator and its dense layer. */
    public static void checkChunks(boolean hierarchical, int zDim, int resolution) {
        int slots = org.gen4j.models.sagan.Architecture.generator(resolution, 1).size() + 1;
        org.gen4j.Gen4jException.check(!hierarchical || zDim % slots == 0,
                "zDim %d must divide into %d equal chunks for hierarchical latents at %dx%d (one per block and one for the dense layer); "
                        + "set a multiple of %d, e.g. --set zDim=%d.", zDim, slots, resolution, resolution, slots,
                Math.max(1, Math.round((float) zDim / slots)) * slots);
    }

    /** The shared class embedding, which orthogonal regularisation leaves out. */
    public Embedding shared() {
        return shared;
    }

    @Override
    public int latentDim() {
        return zDim;
    }

    @Override
    public int denseInput() {
        return chunk > 0 ? chunk : zDim;
    }

    @Override
    public int conditionDim() {
        return sharedDim + chunk;
    }

    @Override
    public Split split(NDArray z, NDArray classWeights, int blocks) {
        NDArray e = shared.forward(classWeights);
        NDArray[] c = new NDArray[blocks];
        if (chunk == 0) {
            java.util.Arrays.fill(c, e);
            return new Split(z, c);
        }
        NDList parts = z.split(blocks + 1, 1);
        for (int i = 0; i < blocks; i++) {
            c[i] = e.concat(parts.get(i + 1), 1);
        }
        return new Split(parts.get(0), c);
    }
}
