package org.gen4j.models.vdvae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.Init;
import org.gen4j.nn.Module;
import org.gen4j.ops.DiscretizedLogistics;
import org.gen4j.ops.MemoryFormat;
import org.gen4j.ops.Resample;

/**
 * VDVAE's top-down decoder (Child 2021, section 3, figure 3): a learned bias tensor per resolution
 * starts the state there; blocks follow the layout {@code decBlocks}, a mix-in block adding the
 * coarser state unpooled by nearest neighbour; the state at the image's resolution, times a learned
 * per-channel gain plus a bias, goes through a 1x1 convolution to the parameters of the discretized
 * mixture of logistics.
 */
final class Decoder extends Module {

    /** Supplies the standard normal noise of block {@code index}, shaped {@code [N, zdim, r, r]}. */
    @FunctionalInterface
    interface Noise {
        NDArray eps(int index, Shape shape);
    }

    private final List<DecoderBlock> blocks = new ArrayList<>();
    private final Map<Integer, NDArray> biases = new LinkedHashMap<>();
    private final NDArray gain, bias;
    private final Conv2d out;
    private final int resolution, width, zdim;

    Decoder(NDManager m, RandomGenerator rng, VdvaeConfig c, BlockLayout layout) {
        this.resolution = c.resolution();
        this.width = c.width();
        this.zdim = c.zdim();
        int i = 0;
        for (BlockLayout.DecoderBlock b : layout.decoder()) {
            blocks.add(child("block" + i++, new DecoderBlock(m, rng, c, b, layout.decoder().size())));
        }
        for (int r : layout.decoderResolutions()) {
            biases.put(r, parameter("bias_" + r, m.zeros(new Shape(1, width, r, r))));
        }
        this.gain = parameter("gain", m.ones(new Shape(1, width, 1, 1)));
        this.bias = parameter("bias", m.zeros(new Shape(1, width, 1, 1)));
        this.out = child("out_conv", Block.conv(m, rng, width, DiscretizedLogistics.parameterChannels(c.imageChannels(), c.mixtures()), 1,
                Init.pytorchDefault()));
    }

    int groups() {
        return blocks.size();
    }

    /** The side of block {@code i}'s latent group. */
    int groupResolution(int i) {
        return blocks.get(i).resolution;
    }

    /** Latent values of every group together: the length of the noise {@link #latentNoise} slices. */
    int latentSize() {
        return blocks.stream().mapToInt(DecoderBlock::latentSize).sum();
    }

    /**
     * The top-down pass.
     *
     * @param n images
     * @param activations the encoder's activations, or {@code null} when sampling the prior only
     * @param depth blocks {@code [0, depth)} take z from the posterior (needs {@code activations}); the rest from the prior
     * @param temperature scales the prior's standard deviations
     * @param noise standard normal noise per block
     * @param groups receives every block's latent group in order, or {@code null}
     * @return the mixture's parameters {@code [N, P, R, R]}
     */
    NDArray forward(int n, Map<Integer, NDArray> activations, int depth, double temperature, Noise noise,
            Consumer<DecoderBlock.Group> groups) {
        return forward(n, activations, depth, temperature, noise, groups, null);
    }

    /** {@link #forward(int, Map, int, double, Noise, Consumer)} with the prior's latents chosen by {@code draw} ({@code null}: sampled). */
    NDArray forward(int n, Map<Integer, NDArray> activations, int depth, double temperature, Noise noise,
            Consumer<DecoderBlock.Group> groups, PriorDraw draw) {
        Map<Integer, NDArray> xs = new HashMap<>();
        // Channels-last from the start, as every convolution's output is: mixed layouts cost a copy per op.
        biases.forEach((r, b) -> xs.put(r, MemoryFormat.channelsLast(b.broadcast(new Shape(n, width, r, r)))));
        for (int i = 0; i < blocks.size(); i++) {
            DecoderBlock b = blocks.get(i);
            NDArray x = xs.get(b.resolution);
            if (b.mixin > 0) {
                x = x.add(Resample.upsample(xs.get(b.mixin), b.resolution / b.mixin));
            }
            NDArray acts = i < depth ? activations.get(b.resolution) : null;
            x = b.forward(x, acts, noise.eps(i, new Shape(n, zdim, b.resolution, b.resolution)), temperature, groups, draw, i);
            xs.put(b.resolution, x);
        }
        return out.forward(xs.get(resolution).mul(gain).add(bias));
    }

    /** Noise read from latents {@code [N, >= latentSize]}: block i takes the next {@code zdim r r} values. */
    Noise latentNoise(NDArray latents) {
        int[] offsets = new int[blocks.size() + 1];
        for (int i = 0; i < blocks.size(); i++) {
            offsets[i + 1] = offsets[i] + blocks.get(i).latentSize();
        }
        return (i, shape) -> latents.get(new ai.djl.ndarray.index.NDIndex(":, {}:{}", offsets[i], offsets[i + 1])).reshape(shape);
    }
}
