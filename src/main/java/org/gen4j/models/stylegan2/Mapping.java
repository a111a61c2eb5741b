package org.gen4j.models.stylegan2;

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
 * learning rate is multiplied by {@code mappingLrMul} (0.01, section C of the StyleGAN paper).
 */
final class Mapping extends Module {

    private static final double EPS = 1e-8;
    private final List<FullyConnected> layers = new ArrayList<>();

    Mapping(NDManager manager, RandomGenerator rng, StyleGan2Config c) {
        for (int i = 0; i < c.mappingLayers(); i++) {
            int in = i == 0 ? c.zDim() : c.wDim();
            layers.add(child("fc" + i, new FullyConnected(manager, rng, in, c.wDim(), true, c.mappingLrMul(), 0)));
        }
    }

    /** {@code [N, zDim] -> [N, wDim]}. */
    NDArray forward(NDArray z) {
        NDArray x = Normalization.pixelNorm(z, EPS);
        for (FullyConnected fc : layers) {
            x = fc.forward(x);
        }
        return x;
    }
}
