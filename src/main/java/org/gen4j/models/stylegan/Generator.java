package org.gen4j.models.stylegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.gen4j.models.progan.Growth;
import org.gen4j.models.style.MappingNetwork;
import org.gen4j.train.NoiseMode;
import org.gen4j.nn.EqualizedConv2d;
import org.gen4j.nn.EqualizedLinear;
import org.gen4j.nn.Module;
import org.gen4j.ops.Normalization;
import org.gen4j.ops.Resample;
import org.gen4j.ops.Shapes;
import org.gen4j.ops.UpFirDn;
import org.gen4j.train.StepRandom;

/**
 * StyleGAN's style-based generator (Karras et al. 2019, figure 1b): the mapping network, then a
 * synthesis network that starts from a learned 4x4 constant; every resolution upsamples
 * (nearest neighbour, then a 3x3 convolution and a [1, 2, 1] blur) and convolves again, and after
 * each convolution a layer epilogue adds per-pixel noise scaled by learned per-channel factors, a
 * bias and leaky ReLU, then AdaIN (equation 1) with a style that a learned affine map makes from
 * that layer's w. Growth and fade-in are ProGAN's: the image is the newest resolution's 1x1
 * toRGB output, while fading blended with the upsampled toRGB output of the one below.
 */
final class Generator extends Module {

    private static final double SQRT2 = Math.sqrt(2);
    private static final float SLOPE = 0.2f;
    private static final double IN_EPS = 1e-8;
    private static final float[] BLUR = {0.25f, 0.5f, 0.25f};

    final MappingNetwork mapping;
    private final StyleGanConfig config;
    private final List<Block> blocks = new ArrayList<>(); // blocks.get(i) works at 4 << i
    private final List<EqualizedConv2d> toRgb = new ArrayList<>(); // toRgb.get(i) at 4 << i

    /** Noise, bias, leaky ReLU, instance normalisation and style modulation (official {@code layer_epilogue}). */
    static final class Epilogue extends Module {
        final NDArray noiseWeight;
        final NDArray bias;
        final NDArray noiseConst;
        final EqualizedLinear style;
        final int channels;

        Epilogue(NDManager m, RandomGenerator rng, int channels, int wDim, int res) {
            this.channels = channels;
            noiseWeight = parameter("noise_weight", m.zeros(new Shape(channels)));
            bias = parameter("bias", m.zeros(new Shape(channels)));
            noiseConst = buffer("noise_const", normal(m, rng, new Shape(res, res)));
            style = child("style", new EqualizedLinear(m, rng, wDim, 2 * channels, 1));
        }

        NDArray forward(NDArray x, NDArray w, NoiseMode noise, StepRandom random) {
            Shape s = x.getShape();
            NDArray scale = noiseWeight.reshape(1, channels, 1, 1);
            if (noise == NoiseMode.RANDOM) {
                x = x.add(random.normal(x.getManager(), s.get(0), 1, s.get(2), s.get(3)).mul(scale));
            } else if (noise == NoiseMode.CONST) {
                x = x.add(noiseConst.mul(scale));
            }
            x = Activation.leakyRelu(x.add(bias.reshape(1, channels, 1, 1)), SLOPE);
            return adain(Normalization.instanceNorm(x, IN_EPS), style.forward(w));
        }

        /** {@code x (y_s + 1) + y_b} with the style {@code [N, 2C]} split into scale and bias halves. */
        static NDArray adain(NDArray normalised, NDArray style) {
            long n = style.getShape().get(0), c = style.getShape().get(1) / 2;
            NDArray ys = style.get(":, :" + c).reshape(n, c, 1, 1).add(1);
            NDArray yb = style.get(":, " + c + ":").reshape(n, c, 1, 1);
            return normalised.mul(ys).add(yb);
        }
    }

    /** One resolution: the constant (4x4) or upsampling, blurred conv0; then conv1; two epilogues. */
    static final class Block extends Module {
        final NDArray constant;
        final EqualizedConv2d conv0;
        final EqualizedConv2d conv1;
        final Epilogue epi0;
        final Epilogue epi1;

        Block(NDManager m, RandomGenerator rng, int in, int out, int wDim, int res) {
            constant = res == 4 ? parameter("const", m.ones(new Shape(out, 4, 4))) : null;
            conv0 = res == 4 ? null : child("conv0", new EqualizedConv2d(m, rng, in, out, 3, 1, SQRT2, false));
            epi0 = child("epi0", new Epilogue(m, rng, out, wDim, res));
            conv1 = child("conv1", new EqualizedConv2d(m, rng, out, out, 3, 1, SQRT2, false));
            epi1 = child("epi1", new Epilogue(m, rng, out, wDim, res));
        }

        /** {@code x} is ignored at 4x4, where the constant starts. */
        NDArray forward(NDArray x, NDArray w0, NDArray w1, NoiseMode noise, StepRandom random) {
            NDArray y = constant != null
                    ? constant.expandDims(0).repeat(0, w0.getShape().get(0))
                    : UpFirDn.upfirdn2d(conv0.forward(Resample.upsample2x(x)), BLUR, 1, 1, 1, 1, 1);
            y = epi0.forward(y, w0, noise, random);
            return epi1.forward(conv1.forward(y), w1, noise, random);
        }
    }

    Generator(NDManager manager, SplittableRandom rng, StyleGanConfig config) {
        this.config = config;
        mapping = child("mapping", new MappingNetwork(manager, rng.split(), config.zDim(), config.wDim(), config.mappingLayers(),
                config.mappingLrMul(), false));
        RandomGenerator r = rng.split();
        for (int s = 2; s <= config.log2Resolution(); s++) {
            int res = 1 << s;
            blocks.add(child("b" + res, new Block(manager, r, s == 2 ? 0 : config.channelsAt(s - 1), config.channelsAt(s), config.wDim(), res)));
            toRgb.add(child("torgb" + res, new EqualizedConv2d(manager, r, config.channelsAt(s), config.imageChannels(), 1, 0, 1)));
        }
    }

    /**
     * @param ws {@code [N, numWs, wDim]}; the layers of resolution {@code 2^s} take ws
     *     {@code 2(s-2)} and {@code 2(s-2)+1}
     * @return images {@code [N, C, R, R]} at the growth state's resolution
     */
    NDArray synthesis(NDArray ws, Growth growth, NoiseMode noise, StepRandom random) {
        Shapes.check(ws, "synthesis ws", Shapes.ANY, config.numWs(), config.wDim());
        int level = Integer.numberOfTrailingZeros(growth.resolution()) - 2;
        NDArray x = null;
        NDArray previous = null;
        for (int i = 0; i <= level; i++) {
            previous = x;
            x = blocks.get(i).forward(x, w(ws, 2 * i), w(ws, 2 * i + 1), noise, random);
        }
        NDArray image = toRgb.get(level).forward(x);
        if (level == 0 || !growth.fading()) {
            return image;
        }
        return Resample.lerp(Resample.upsample2x(toRgb.get(level - 1).forward(previous)), image, growth.alpha());
    }

    private static NDArray w(NDArray ws, int i) {
        return ws.get(":, " + i + ", :");
    }

    /** Names of the sub-modules a forward pass at {@code growth} uses. */
    List<String> activeModules(Growth growth) {
        int level = Integer.numberOfTrailingZeros(growth.resolution()) - 2;
        List<String> names = new ArrayList<>(List.of("mapping", "torgb" + growth.resolution()));
        for (int i = 0; i <= level; i++) {
            names.add("b" + (4 << i));
        }
        if (growth.fading() && level > 0) {
            names.add("torgb" + growth.resolution() / 2);
        }
        return names;
    }
}
