package org.gen4j.models.styleganxl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gen4j.nn.Init;
import org.gen4j.nn.Module;
import org.gen4j.ops.Conv;
import org.gen4j.ops.Resample;

/**
 * The fixed random projections of Projected GAN (Sauer et al. 2021, section 3.2; official
 * {@code F_RandomProj} with {@code proj_type=2}): cross-channel mixing (CCM), a random 1x1
 * convolution per depth to {@code c, 2c, 4c, 8c} channels, then cross-scale mixing (CSM), a
 * top-down fusion in which each depth adds the fused map of the depth below it, resized to its
 * side, and passes a random 1x1 convolution that halves the channels (the shallowest keeps them),
 * giving {@code c, c, 2c, 4c} channels. Weights and biases are drawn as PyTorch initialises a
 * convolution ({@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}) and are buffers: no optimiser ever
 * sees them, and they are checkpointed.
 *
 * <p>Deviation: the official fusion upsamples every fused map by 2 after the addition, so each
 * depth's output has twice its side; here the deeper map is resized to the shallower one's side
 * before the addition and no depth is upsampled beyond its own side, because gen4j's feature
 * network's deepest depth is 1x1 where EfficientNet's sides halve from depth to depth.
 */
final class FeatureMixing extends Module {

    private final List<NDArray[]> ccm = new ArrayList<>(); // weight [out, in, 1, 1], bias [out]
    private final List<NDArray[]> csm = new ArrayList<>();
    private final int[] sizes;
    private final int[] outChannels;

    /**
     * @param inChannels the feature network's channels per depth, shallow to deep
     * @param sizes the sides per depth
     * @param mix {@code c}, the first depth's mixed channels
     */
    FeatureMixing(NDManager m, RandomGenerator rng, int[] inChannels, int[] sizes, int mix) {
        int n = inChannels.length;
        this.sizes = sizes.clone();
        int[] mixed = new int[n];
        for (int i = 0; i < n; i++) {
            mixed[i] = mix << i;
            ccm.add(conv1x1(m, rng, "ccm" + i, inChannels[i], mixed[i]));
        }
        outChannels = new int[n];
        for (int i = 0; i < n; i++) {
            outChannels[i] = i == 0 ? mixed[0] : mixed[i] / 2;
            csm.add(conv1x1(m, rng, "csm" + i, mixed[i], outChannels[i]));
        }
    }

    private NDArray[] conv1x1(NDManager m, RandomGenerator rng, String name, int in, int out) {
        Init u = Init.uniform(1 / Math.sqrt(in));
        return new NDArray[] {buffer(name + "_weight", u.draw(m, rng, new Shape(out, in, 1, 1))), buffer(name + "_bias", u.draw(m, rng,
                new Shape(out)))};
    }

    /** Channels of each mixed depth: {@code c, c, 2c, 4c}. */
    int[] outChannels() {
        return outChannels.clone();
    }

    /** The fixed weights and biases by name, for tests. */
    java.util.Map<String, NDArray> fixedWeights() {
        return buffers();
    }

    /**
     * @param features the feature network's activations per depth, shallow to deep
     * @return the mixed maps per depth, {@code [N, outChannels[i], sizes[i], sizes[i]]}
     */
    List<NDArray> forward(List<NDArray> features) {
        int n = ccm.size();
        NDArray[] mixed = new NDArray[n];
        for (int i = 0; i < n; i++) {
            mixed[i] = Conv.conv2d(features.get(i), ccm.get(i)[0], ccm.get(i)[1], 0);
        }
        NDArray[] fused = new NDArray[n];
        fused[n - 1] = Conv.conv2d(mixed[n - 1], csm.get(n - 1)[0], csm.get(n - 1)[1], 0);
        for (int i = n - 2; i >= 0; i--) {
            NDArray below = fused[i + 1].getShape().get(2) == sizes[i] ? fused[i + 1] : Resample.bilinear(fused[i + 1], sizes[i]);
            fused[i] = Conv.conv2d(below.add(mixed[i]), csm.get(i)[0], csm.get(i)[1], 0);
        }
        return Arrays.asList(fused);
    }
}
