package org.gen4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.random.RandomGenerator;
import org.gen4j.ops.Shapes;

/**
 * The output of a projection discriminator (Miyato and Koyama, ICLR 2018, "cGANs with Projection
 * Discriminator", equation 3): from pooled features {@code phi(x) [N, C]} the score
 * {@code psi(phi(x)) + <V y, phi(x)>}, a spectrally normalised linear map to one number plus the
 * inner product of the features with the class's embedding. Unconditional, only the first term.
 */
public final class ProjectionHead extends Module {

    private final Linear linear;
    private final Embedding embed; // or null
    private final int features;

    /** @param numClasses 0 for an unconditional discriminator */
    public ProjectionHead(NDManager manager, RandomGenerator rng, int features, int numClasses, Init init) {
        this.features = features;
        this.linear = child("linear", new Linear(manager, rng, features, 1, init, Bias.PYTORCH, true));
        this.embed = numClasses > 0 ? child("embed", new Embedding(manager, rng, numClasses, features, true, init)) : null;
    }

    /**
     * @param h pooled features {@code [N, C]}
     * @param classWeights one-hot classes {@code [N, K]}; {@code null} when unconditional
     * @return scores {@code [N]}
     */
    public NDArray forward(NDArray h, NDArray classWeights) {
        Shapes.check(h, "projection features", Shapes.ANY, features);
        NDArray out = linear.forward(h).reshape(-1);
        if (embed == null) {
            return out;
        }
        return out.add(projection(embed.forward(classWeights), h));
    }

    /** The class term {@code <e_y, phi(x)>} per sample, {@code [N]}. */
    static NDArray projection(NDArray classEmbedding, NDArray h) {
        return classEmbedding.mul(h).sum(new int[] {1});
    }

    public boolean conditional() {
        return embed != null;
    }
}
