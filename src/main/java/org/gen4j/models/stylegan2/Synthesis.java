package org.gen4j.models.stylegan2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gen4j.train.NoiseMode;
import org.gen4j.nn.FullyConnected;
import org.gen4j.nn.Module;
import org.gen4j.ops.ModulatedConv;
import org.gen4j.ops.Scalars;
import org.gen4j.ops.Shapes;
import org.gen4j.ops.UpFirDn;
import org.gen4j.train.StepRandom;

/**
 * StyleGAN2's synthesis network (Karras et al. 2020, figure 2d and figure 7, "skip" generator):
 * a learned 4x4 constant, then per resolution a (2x upsampling) modulated 3x3 convolution and a
 * second modulated 3x3 convolution, each followed by per-pixel noise with a learned strength, a
 * bias and leaky ReLU outside the style block; every resolution's modulated 1x1 toRGB output (not
 * demodulated) is added to the upsampled image of the resolution below.
 */
final class Synthesis extends Module {

    static final double LRELU_GAIN = Math.sqrt(2);
    private static final float SLOPE = 0.2f;

    private final StyleGan2Config config;
    private final NDArray constant; // [C4, 4, 4]
    private final List<Block> blocks = new ArrayList<>();

    /** Modulated convolution, noise, bias, leaky ReLU (official {@code SynthesisLayer}). */
    static final class Layer extends Module {
        final FullyConnected affine;
        final NDArray weight;
        final NDArray noiseStrength;
        final NDArray bias;
        final NDArray noiseConst;
        final int up;
        final int resolution;

        Layer(NDManager m, RandomGenerator rng, int wDim, int in, int out, int resolution, int up) {
            this.up = up;
            this.resolution = resolution;
            affine = child("affine", new FullyConnected(m, rng, wDim, in, false, 1, 1, true));
            weight = parameter("weight", normal(m, rng, new Shape(out, in, 3, 3)));
            noiseStrength = parameter("noise_strength", m.zeros(new Shape(1)));
            bias = parameter("bias", m.zeros(new Shape(out)));
            noiseConst = buffer("noise_const", normal(m, rng, new Shape(resolution, resolution)));
        }

        NDArray forward(NDArray x, NDArray w, NoiseMode noise, StepRandom random, boolean fused) {
            NDArray styles = affine.forward(w);
            NDArray y = fused
                    ? ModulatedConv.fused(x, weight, styles, true, LRELU_GAIN, up, UpFirDn.BINOMIAL4)
                    : ModulatedConv.scaled(x, weight, styles, true, LRELU_GAIN, up, UpFirDn.BINOMIAL4);
            long n = x.getShape().get(0);
            NDArray strength = Scalars.mul(noiseStrength, LRELU_GAIN);
            if (noise == NoiseMode.RANDOM) {
                y = y.add(random.normal(y.getManager(), n, 1, resolution, resolution).mul(strength));
            } else if (noise == NoiseMode.CONST) {
                y = y.add(noiseConst.mul(strength));
            }
            // leaky ReLU's gain sqrt(2) is in the demodulation, the noise strength and here
            y = y.add(Scalars.mul(bias, LRELU_GAIN).reshape(1, -1, 1, 1));
            return Activation.leakyRelu(y, SLOPE);
        }
    }

    /** Modulated 1x1 convolution to image channels without demodulation (official {@code ToRGBLayer}). */
    static final class ToRgb extends Module {
        final FullyConnected affine;
        final NDArray weight;
        final NDArray bias;
        final double weightGain;

        ToRgb(NDManager m, RandomGenerator rng, int wDim, int in, int imageChannels) {
            affine = child("affine", new FullyConnected(m, rng, wDim, in, false, 1, 1, true));
            weight = parameter("weight", normal(m, rng, new Shape(imageChannels, in, 1, 1)));
            bias = parameter("bias", m.zeros(new Shape(imageChannels)));
            weightGain = 1 / Math.sqrt(in);
        }

        NDArray forward(NDArray x, NDArray w, boolean fused) {
            NDArray styles = Scalars.mul(affine.forward(w), weightGain);
            NDArray y = fused
                    ? ModulatedConv.fused(x, weight, styles, false, 1, 1, null)
                    : ModulatedConv.scaled(x, weight, styles, false, 1, 1, null);
            return y.add(bias.reshape(1, -1, 1, 1));
        }
    }

    /** One resolution: [upsampling conv0,] conv1, toRGB. */
    static final class Block extends Module {
        final Layer conv0;
        final Layer conv1;
        final ToRgb toRgb;

        Block(NDManager m, RandomGenerator rng, StyleGan2Config c, int in, int out, int res) {
            conv0 = in == 0 ? null : child("conv0", new Layer(m, rng, c.wDim(), in, out, res, 2));
            conv1 = child("conv1", new Layer(m, rng, c.wDim(), out, out, res, 1));
            toRgb = child("torgb", new ToRgb(m, rng, c.wDim(), out, c.imageChannels()));
        }

        int numConv() {
            return conv0 == null ? 1 : 2;
        }
    }

    Synthesis(NDManager manager, RandomGenerator rng, StyleGan2Config config) {
        this.config = config;
        constant = parameter("const", normal(manager, rng, new Shape(config.channelsAt(4), 4, 4)));
        for (int res = 4; res <= config.resolution(); res *= 2) {
            int in = res == 4 ? 0 : config.channelsAt(res / 2);
            blocks.add(child("b" + res, new Block(manager, rng, config, in, config.channelsAt(res), res)));
        }
    }

    /**
     * @param ws {@code [N, numWs, wDim]}: conv layers take consecutive ws, each toRGB the w after
     *     its block's last convolution
     * @param fused evaluate modulated convolutions as grouped convolutions (else by scaling)
     * @param toRgbOut if not null, receives every block's toRGB output, lowest resolution first
     * @return images {@code [N, C, R, R]}
     */
    NDArray forward(NDArray ws, NoiseMode noise, StepRandom random, boolean fused, List<NDArray> toRgbOut) {
        Shapes.check(ws, "synthesis ws", Shapes.ANY, config.numWs(), config.wDim());
        long n = ws.getShape().get(0);
        NDArray x = constant.expandDims(0).repeat(0, n);
        NDArray img = null;
        int wi = 0;
        for (Block b : blocks) {
            if (b.conv0 != null) {
                x = b.conv0.forward(x, w(ws, wi++), noise, random, fused);
            }
            x = b.conv1.forward(x, w(ws, wi++), noise, random, fused);
            NDArray y = b.toRgb.forward(x, w(ws, wi), fused);
            if (toRgbOut != null) {
                toRgbOut.add(y);
            }
            img = img == null ? y : UpFirDn.upsample2x(img, UpFirDn.BINOMIAL4).add(y);
        }
        return img;
    }

    private static NDArray w(NDArray ws, int i) {
        return ws.get(":, " + i + ", :");
    }
}
