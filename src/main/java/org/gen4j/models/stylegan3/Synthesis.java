package org.gen4j.models.stylegan3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gen4j.nn.FullyConnected;
import org.gen4j.nn.Module;
import org.gen4j.ops.Conv;
import org.gen4j.ops.FilterDesign;
import org.gen4j.ops.FilteredLeakyRelu;
import org.gen4j.ops.ModulatedConv;
import org.gen4j.ops.Scalars;
import org.gen4j.ops.Shapes;

/**
 * StyleGAN3's synthesis network (Karras et al. 2021, section 3 and figure 3; official
 * {@code SynthesisNetwork}): Fourier features from {@code ws[0]}, then the {@link LayerSchedule}'s
 * layers, each a modulated convolution followed by the filtered nonlinearity, the last a ToRGB
 * layer without demodulation; the output is scaled by {@code outputScale}. No noise inputs, no
 * skip or residual connections.
 */
public final class Synthesis extends Module {

    private final FourierInput input;
    private final List<Layer> layers = new ArrayList<>();
    private final LayerSchedule schedule;
    private final double outputScale;
    private final int wDim;

    /**
     * @param manager owns parameters, buffers and the filters' operators
     * @param convClamp bound of every layer's output before its downsampling filter (256; 0: none)
     * @param magnitudeEmaBeta decay of each layer's input-magnitude average per training pass
     */
    public Synthesis(NDManager manager, RandomGenerator rng, LayerSchedule schedule, int wDim, double outputScale, double convClamp,
            double magnitudeEmaBeta) {
        this.schedule = schedule;
        this.outputScale = outputScale;
        this.wDim = wDim;
        LayerSchedule.Input in = schedule.input();
        input = child("input", new FourierInput(manager, rng, wDim, in.channels(), in.size(), in.samplingRate(), in.bandwidth()));
        for (LayerSchedule.Layer l : schedule.layers()) {
            layers.add(child("L" + l.index() + "_" + l.outSize() + "_" + l.outChannels(),
                    new Layer(manager, rng, wDim, l, convClamp, magnitudeEmaBeta)));
        }
    }

    /** How many ws the network takes: one for the input, one per layer. */
    public int numWs() {
        return layers.size() + 1;
    }

    public LayerSchedule schedule() {
        return schedule;
    }

    /**
     * @param ws {@code [N, numWs, wDim]}
     * @param transform the user's 3x3 row-major inverse transform of the output image (see
     *     {@link FourierInput#forward}), {@code null} for the identity
     * @param updateEmas whether this (training) pass moves the layers' input-magnitude averages
     * @return images {@code [N, C, R, R]}
     */
    public NDArray forward(NDArray ws, double[] transform, boolean updateEmas) {
        Shapes.check(ws, "StyleGAN3 ws", Shapes.ANY, numWs(), wDim);
        NDArray x = input.forward(ws.get(":, 0, :"), transform);
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(x, ws.get(":, " + (i + 1) + ", :"), updateEmas);
        }
        return outputScale == 1 ? x : Scalars.mul(x, outputScale);
    }

    /**
     * The Fourier-feature input (official {@code SynthesisInput}; section 3.1 and appendix F):
     * {@code channels} sinusoids whose frequencies are drawn in the disc of radius
     * {@code bandwidth} and whose phases are uniform, sampled on a grid of {@code size} points at
     * {@code samplingRate} points per unit centred on the origin, then mixed by a learned matrix.
     * An affine layer of {@code w}, initialised to the identity transform, predicts a rotation
     * {@code (r_c, r_s)} and translation {@code (t_x, t_y)} of the features; a user transform (the
     * inverse of the output image's) is applied on top, and frequencies the transform carries
     * beyond the bandwidth are faded out towards the Nyquist rate.
     */
    static final class FourierInput extends Module {
        final NDArray freqs; // [C, 2]
        final NDArray phases; // [C]
        final NDArray weight; // [C, C]
        final NDArray affineWeight; // [4, wDim]
        final NDArray affineBias; // [4]
        final NDArray gridX; // [1, 1, 1, S]
        final NDArray gridY; // [1, 1, S, 1]
        final int channels;
        final double samplingRate;
        final double bandwidth;
        final int wDim;

        FourierInput(NDManager m, RandomGenerator rng, int wDim, int channels, int size, double samplingRate, double bandwidth) {
            this.channels = channels;
            this.samplingRate = samplingRate;
            this.bandwidth = bandwidth;
            this.wDim = wDim;
            float[] f = new float[channels * 2];
            float[] p = new float[channels];
            for (int c = 0; c < channels; c++) {
                double fx = rng.nextGaussian(), fy = rng.nextGaussian();
                double r = Math.hypot(fx, fy);
                double scale = bandwidth / (r * Math.pow(Math.exp(r * r), 0.25));
                f[2 * c] = (float) (fx * scale);
                f[2 * c + 1] = (float) (fy * scale);
            }
            for (int c = 0; c < channels; c++) {
                p[c] = (float) (rng.nextDouble() - 0.5);
            }
            freqs = buffer("freqs", m.create(f, new Shape(channels, 2)));
            phases = buffer("phases", m.create(p));
            weight = parameter("weight", normal(m, rng, new Shape(channels, channels)));
            affineWeight = parameter("affine_weight", m.zeros(new Shape(4, wDim)));
            affineBias = parameter("affine_bias", m.create(new float[] {1, 0, 0, 0}));
            float[] g = new float[size];
            for (int i = 0; i < size; i++) {
                g[i] = (float) ((i + 0.5 - size / 2.0) / samplingRate);
            }
            gridX = m.create(g, new Shape(1, 1, 1, size));
            gridY = m.create(g, new Shape(1, 1, size, 1));
        }

        /**
         * @param w {@code [N, wDim]}
         * @param user the user's inverse transform, 3x3 row-major, or {@code null}
         * @return {@code [N, C, S, S]}
         */
        NDArray forward(NDArray w, double[] user) {
            long n = w.getShape().get(0);
            NDArray t = Conv.linear(w, Scalars.mul(affineWeight, 1 / Math.sqrt(wDim)), affineBias); // (r_c, r_s, t_x, t_y)
            t = t.div(t.get(":, 0:2").square().sum(new int[] {1}, true).sqrt());
            NDArray c = t.get(":, 0:1"), s = t.get(":, 1:2"), tx = t.get(":, 2:3"), ty = t.get(":, 3:4"); // [N, 1]
            // A = (inverse rotation) (inverse translation); T = A U with U the user's transform
            NDArray a02 = c.mul(tx).neg().add(s.mul(ty)), a12 = s.mul(tx).neg().sub(c.mul(ty));
            double[] u = user == null ? new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1} : user;
            NDArray[] t0 = new NDArray[3], t1 = new NDArray[3];
            for (int j = 0; j < 3; j++) {
                t0[j] = Scalars.mul(c, u[j]).sub(Scalars.mul(s, u[3 + j])).add(Scalars.mul(a02, u[6 + j]));
                t1[j] = Scalars.mul(s, u[j]).add(Scalars.mul(c, u[3 + j])).add(Scalars.mul(a12, u[6 + j]));
            }
            NDArray fx = freqs.get(":, 0").reshape(1, channels), fy = freqs.get(":, 1").reshape(1, channels);
            NDArray ph = phases.reshape(1, channels).add(fx.mul(t0[2])).add(fy.mul(t1[2])); // [N, C]
            NDArray gx = fx.mul(t0[0]).add(fy.mul(t1[0])), gy = fx.mul(t0[1]).add(fy.mul(t1[1]));
            NDArray amplitude = Scalars.mul(gx.square().add(gy.square()).sqrt().sub(bandwidth), -1 / (samplingRate / 2 - bandwidth)).add(1)
                    .clip(0, 1);
            NDArray arg = gx.reshape(n, channels, 1, 1).mul(gridX).add(gy.reshape(n, channels, 1, 1).mul(gridY))
                    .add(ph.reshape(n, channels, 1, 1));
            NDArray x = Scalars.mul(arg, 2 * Math.PI).sin().mul(amplitude.reshape(n, channels, 1, 1));
            NDArray mix = Scalars.mul(weight, 1 / Math.sqrt(channels)).reshape(channels, channels, 1, 1);
            return Conv.conv2d(x, mix, null, 0);
        }
    }

    /**
     * One synthesis layer (official {@code SynthesisLayer}): the input scaled by the reciprocal
     * root of its tracked mean square ({@code magnitude_ema}), a modulated convolution with
     * {@code padding = kernel - 1} whose weights and styles are first normalised to unit mean
     * square and then demodulated (ToRGB: styles scaled by {@code 1 / sqrt(fan_in)}, no
     * demodulation), and the filtered leaky ReLU of {@link FilteredLeakyRelu} with gain sqrt(2)
     * (ToRGB: linear, gain 1).
     */
    static final class Layer extends Module {
        final FullyConnected affine;
        final NDArray weight;
        final NDArray bias;
        final NDArray magnitude;
        final FilteredLeakyRelu filtered;
        final LayerSchedule.Layer spec;
        final double clamp;
        final double emaBeta;

        Layer(NDManager m, RandomGenerator rng, int wDim, LayerSchedule.Layer spec, double clamp, double emaBeta) {
            this.spec = spec;
            this.clamp = clamp;
            this.emaBeta = emaBeta;
            affine = child("affine", new FullyConnected(m, rng, wDim, spec.inChannels(), false, 1, 1, true));
            weight = parameter("weight", normal(m, rng, new Shape(spec.outChannels(), spec.inChannels(), spec.kernel(), spec.kernel())));
            bias = parameter("bias", m.zeros(new Shape(spec.outChannels())));
            magnitude = buffer("magnitude_ema", m.ones(new Shape(1)));
            float[] fu = taps(FilterDesign.kaiserLowpass(spec.upTaps(), spec.inCutoff(), spec.inHalfWidth() * 2, spec.tmpSamplingRate()));
            float[] fd = spec.downRadial()
                    ? taps(FilterDesign.radialLowpass(spec.downTaps(), spec.outCutoff(), spec.outHalfWidth() * 2, spec.tmpSamplingRate()))
                    : taps(FilterDesign.kaiserLowpass(spec.downTaps(), spec.outCutoff(), spec.outHalfWidth() * 2, spec.tmpSamplingRate()));
            int convOut = spec.inSize() + spec.kernel() - 1;
            filtered = FilteredLeakyRelu.of(m, convOut, fu, fd, spec.downRadial() ? spec.downTaps() : 0, spec.up(), spec.down(),
                    new int[] {spec.padding()[0], spec.padding()[1]});
            if (filtered.outSize() != spec.outSize()) {
                throw new IllegalStateException("layer " + spec.index() + " produces side " + filtered.outSize() + ", not " + spec.outSize());
            }
        }

        NDArray forward(NDArray x, NDArray w, boolean updateEma) {
            if (updateEma) {
                NDArray current = x.stopGradient().square().mean().reshape(1);
                magnitude.subi(current).muli(emaBeta).addi(current);
            }
            NDArray inputGain = Scalars.pow(magnitude, -0.5);
            NDArray styles = affine.forward(w);
            int pad = spec.kernel() - 1;
            NDArray y;
            if (spec.toRgb()) {
                styles = Scalars.mul(styles, 1 / Math.sqrt((double) spec.inChannels() * spec.kernel() * spec.kernel()));
                y = Conv.conv2d(x.mul(styles.expandDims(2).expandDims(3)), weight, null, pad).mul(inputGain);
            } else {
                double fan = (double) spec.inChannels() * spec.kernel() * spec.kernel();
                NDArray wn = weight.mul(Scalars.pow(Scalars.mul(weight.square().sum(new int[] {1, 2, 3}), 1 / fan), -0.5).reshape(-1, 1, 1, 1));
                NDArray sn = styles.mul(Scalars.pow(styles.square().mean(), -0.5));
                NDArray d = ModulatedConv.demodulation(wn, sn).mul(inputGain); // [N, O]
                y = Conv.conv2d(x.mul(sn.expandDims(2).expandDims(3)), wn, null, pad).mul(d.expandDims(2).expandDims(3));
            }
            return spec.toRgb() ? filtered.forward(y, bias, 1, 1, clamp) : filtered.forward(y, bias, Math.sqrt(2), 0.2, clamp);
        }

        private static float[] taps(double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
    }
}
