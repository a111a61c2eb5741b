package org.gen4j.models.style;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gen4j.Gen4jException;
import org.gen4j.nn.FullyConnected;
import org.gen4j.nn.Module;
import org.gen4j.ops.Normalization;

/**
 * The mapping network f: Z -> W (StyleGAN, Karras et al. 2019, section 2; kept by StyleGAN2): the
 * latent normalised to unit second moment, then fully connected layers with leaky ReLU whose
 * learning rate is multiplied by {@code lrMul} (0.01, appendix C of the StyleGAN paper).
 *
 * <p>Class-conditional ({@code cDim > 0}, as NVIDIA's stylegan2-ada-pytorch and stylegan3
 * {@code MappingNetwork}): the condition {@code c [N, cDim]} (one-hot classes) passes a linear
 * {@code embed} layer to {@code wDim} features (learning-rate multiplier 1), is normalised to unit
 * second moment like z, and the two are concatenated, so the first layer takes {@code zDim + wDim}
 * inputs. A class mixture (convex weights) embeds to the same mixture of the classes' embeddings.
 */
public final class MappingNetwork extends Module {

    private static final double EPS = 1e-8;
    private final List<FullyConnected> layers = new ArrayList<>();
    private final FullyConnected embed;

    /**
     * @param biasGain whether leaky ReLU's gain sqrt(2) also scales the bias (StyleGAN2's
     *     {@code bias_act}) or only the weights (StyleGAN's TensorFlow layers)
     */
    public MappingNetwork(NDManager manager, RandomGenerator rng, int zDim, int wDim, int numLayers, double lrMul, boolean biasGain) {
        this(manager, rng, zDim, 0, wDim, numLayers, lrMul, biasGain);
    }

    /**
     * @param cDim length of the condition (the number of classes), 0 for an unconditional network
     * @param biasGain as in {@link #MappingNetwork(NDManager, RandomGenerator, int, int, int, double, boolean)}
     */
    public MappingNetwork(NDManager manager, RandomGenerator rng, int zDim, int cDim, int wDim, int numLayers, double lrMul,
            boolean biasGain) {
        embed = cDim > 0 ? child("embed", new FullyConnected(manager, rng, cDim, wDim, false, 1, 0, true)) : null;
        int first = zDim + (cDim > 0 ? wDim : 0);
        for (int i = 0; i < numLayers; i++) {
            layers.add(child("fc" + i, new FullyConnected(manager, rng, i == 0 ? first : wDim, wDim, true, lrMul, 0, biasGain)));
        }
    }

    /** Whether the network takes a condition beside z. */
    public boolean conditional() {
        return embed != null;
    }

    /** {@code [N, zDim] -> [N, wDim]}, for an unconditional network. */
    public NDArray forward(NDArray z) {
        Gen4jException.check(embed == null, "this mapping network is class-conditional; give it a condition beside z");
        return layers(Normalization.pixelNorm(z, EPS));
    }

    /**
     * {@code z [N, zDim]} and {@code c [N, cDim]} to {@code [N, wDim]}; {@code c} is {@code null}
     * for an unconditional network (then this is {@link #forward(NDArray)}).
     */
    public NDArray forward(NDArray z, NDArray c) {
        if (c == null) {
            return forward(z);
        }
        Gen4jException.check(embed != null, "this mapping network is unconditional; it takes no condition");
        NDArray y = Normalization.pixelNorm(embed.forward(c), EPS);
        return layers(Normalization.pixelNorm(z, EPS).concat(y, 1));
    }

    private NDArray layers(NDArray x) {
        for (FullyConnected fc : layers) {
            x = fc.forward(x);
        }
        return x;
    }
}
