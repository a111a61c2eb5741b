package org.gen4j.models.style;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gen4j.nn.FullyConnected;
import org.gen4j.nn.Module;
import org.gen4j.ops.Normalization;

/**
 * The mapping network f: Z -> W (StyleGAN, Karras et al. 2019, section 2; kept by StyleGAN2): the
 * latent normalised to unit second moment, then fully connected layers with leaky ReLU whose
 * learning rate is multiplied by {@code lrMul} (0.01, appendix C of the StyleGAN paper).
 */
public final class MappingNetwork extends Module {

    private static final double EPS = 1e-8;
    private final List<FullyConnected> layers = new ArrayList<>();

    /**
     * @param biasGain whether leaky ReLU's gain sqrt(2) also scales the bias (StyleGAN2's
     *     {@code bias_act}) or only the weights (StyleGAN's TensorFlow layers)
     */
    public MappingNetwork(NDManager manager, RandomGenerator rng, int zDim, int wDim, int numLayers, double lrMul, boolean biasGain) {
        for (int i = 0; i < numLayers; i++) {
            layers.add(child("fc" + i, new FullyConnected(manager, rng, i == 0 ? zDim : wDim, wDim, true, lrMul, 0, biasGain)));
        }
    }

    /** {@code [N, zDim] -> [N, wDim]}. */
    public NDArray forward(NDArray z) {
        NDArray x = Normalization.pixelNorm(z, EPS);
        for (FullyConnected fc : layers) {
            x = fc.forward(x);
        }
        return x;
    }
}
