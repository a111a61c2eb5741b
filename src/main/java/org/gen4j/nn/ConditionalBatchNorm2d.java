package org.gen4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.random.RandomGenerator;
import org.gen4j.ops.Shapes;

/**
 * Conditional batch normalisation (de Vries et al. 2017; Dumoulin et al. 2017), as SAGAN and
 * BigGAN condition their generators: batch normalisation without its own affine map, followed by
 * a per-sample gain and bias computed from a conditioning vector {@code c},
 * {@code y = BN(x) (1 + W_gamma c) + W_beta c}. SAGAN's {@code c} is the one-hot class (so the
 * projections are per-class tables), BigGAN's the shared class embedding concatenated with a
 * chunk of z (section 3 and appendix B). With zero projections it is plain batch normalisation.
 */
public final class ConditionalBatchNorm2d extends Module {

    private final BatchNorm2d bn;
    private final Linear gain;
    private final Linear bias;
    private final int channels;

    /**
     * @param conditionDim length of the conditioning vector
     * @param init how the two projections start ({@code Init.normal(0)}: exactly 1 and 0, SAGAN's tables)
     * @param spectralNorm whether the projections are spectrally normalised (BigGAN's shared-embedding form)
     */
    public ConditionalBatchNorm2d(NDManager manager, RandomGenerator rng, int channels, int conditionDim, Init init,
            boolean spectralNorm) {
        this.channels = channels;
        this.bn = child("bn", new BatchNorm2d(manager, channels));
        this.gain = child("gain", new Linear(manager, rng, conditionDim, channels, init, Bias.NONE, spectralNorm));
        this.bias = child("bias", new Linear(manager, rng, conditionDim, channels, init, Bias.NONE, spectralNorm));
    }

    /**
     * @param x {@code [N, C, H, W]}
     * @param condition {@code [N, conditionDim]}
     */
    public NDArray forward(NDArray x, NDArray condition) {
        Shapes.check(x, "conditional batch norm input", Shapes.ANY, channels, Shapes.ANY, Shapes.ANY);
        NDArray g = gain.forward(condition).add(1).reshape(-1, channels, 1, 1);
        NDArray b = bias.forward(condition).reshape(-1, channels, 1, 1);
        return bn.forward(x).mul(g).add(b);
    }

    public BatchNorm2d norm() {
        return bn;
    }
}
