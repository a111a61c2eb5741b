package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * The discretized mixture of logistics likelihood of PixelCNN++ (Salimans et al., ICLR 2017,
 * section 2.1 and 2.2), the output distribution of VDVAE (Child, ICLR 2021, section 3): every pixel
 * has {@code M} mixture components shared by its channels; each channel value is a logistic
 * integrated over its bin of width {@code 2 / (2^bits - 1)} on [-1, 1], the lowest bin extending to
 * minus infinity and the highest to plus infinity (the edge cases at -1 and 1). In RGB images the
 * mean of green depends linearly on red and the mean of blue on red and green (the coupling
 * coefficients, squashed by tanh); a grayscale image has one channel and no coefficients.
 *
 * <p>Parameters come as one tensor {@code [N, P, H, W]}, {@code P = M (1 + 2C + C(C-1)/2)} (30 for
 * grayscale and 100 for RGB with 10 components), in this order along P: the M mixture logits, then
 * the means {@code [C, M]}, the log scales {@code [C, M]} (floored at -7) and the coefficients
 * {@code [C(C-1)/2, M]} in the order (green from red, blue from red, blue from green).
 */
public final class DiscretizedLogistics {

    /** The floor of log scales, as PixelCNN++ and VDVAE use. */
    public static final double MIN_LOG_SCALE = -7;
    /** Values below {@code -EDGE} are in the lowest bin, above {@code EDGE} in the highest. */
    private static final double EDGE = 0.999;

    private DiscretizedLogistics() {}

    /** The channels {@code P} of the parameter tensor for {@code mixtures} components over {@code channels} image channels. */
    public static int parameterChannels(int channels, int mixtures) {
        checkChannels(channels);
        return mixtures * (1 + 2 * channels + channels * (channels - 1) / 2);
    }

    /**
     * {@code log p(x)} per image in nats, summed over channels and pixels.
     *
     * @param x images {@code [N, C, H, W]} on the grid {@code k / ((2^bits - 1) / 2) - 1}
     * @param params {@code [N, P, H, W]}, see the class comment
     * @param bits bits per channel value (8: 256 bins)
     * @return {@code [N]}
     */
    public static NDArray logLikelihood(NDArray x, NDArray params, int mixtures, int bits) {
        Shape s = x.getShape();
        long n = s.get(0), h = s.get(2), w = s.get(3);
        int c = (int) s.get(1);
        Shapes.check(params, "mixture-of-logistics parameters", n, parameterChannels(c, mixtures), h, w);
        double levels = Math.pow(2, bits) - 1;
        Parts p = Parts.of(params, c, mixtures);
        NDArray xe = x.expandDims(2); // [N, C, 1, H, W]
        NDArray means = p.means;
        if (c == 3) { // means of later channels move with the earlier channels' observed values
            NDArray x0 = xe.get(":, 0"), x1 = xe.get(":, 1");
            NDArray m1 = means.get(":, 1").add(p.coeffs.get(":, 0").mul(x0));
            NDArray m2 = means.get(":, 2").add(p.coeffs.get(":, 1").mul(x0)).add(p.coeffs.get(":, 2").mul(x1));
            means = NDArrays.stack(new NDList(means.get(":, 0"), m1, m2), 1);
        }
        NDArray centered = xe.sub(means); // [N, C, M, H, W]
        NDArray invScale = p.logScales.neg().exp();
        NDArray plusIn = invScale.mul(centered.add(1 / levels));
        NDArray minIn = invScale.mul(centered.sub(1 / levels));
        NDArray logCdfPlus = plusIn.sub(Activation.softPlus(plusIn)); // log sigmoid: the lowest bin
        NDArray logOneMinusCdfMin = Activation.softPlus(minIn).neg(); // log (1 - sigmoid): the highest bin
        NDArray cdfDelta = Activation.sigmoid(plusIn).sub(Activation.sigmoid(minIn));
        NDArray midIn = invScale.mul(centered);
        NDArray logPdfMid = midIn.sub(p.logScales).sub(Scalars.mul(Activation.softPlus(midIn), 2));
        Shape full = centered.getShape();
        // where a bin's mass underflows, the density at its centre times its width stands in for it
        NDArray interior = NDArrays.where(cdfDelta.gt(1e-5), Scalars.maximum(cdfDelta, 1e-12).log(),
                logPdfMid.sub(Math.log(levels / 2)));
        NDArray logProbs = NDArrays.where(xe.lt(-EDGE).broadcast(full), logCdfPlus,
                NDArrays.where(xe.gt(EDGE).broadcast(full), logOneMinusCdfMin, interior));
        NDArray perComponent = logProbs.sum(new int[] {1}).add(p.logits.logSoftmax(1)); // [N, M, H, W]
        return logSumExp(perComponent, 1).sum(new int[] {1, 2});
    }

    /**
     * Draws images: per pixel a component by inverting the mixture's CDF at {@code uMix}, then each
     * channel by inverting the logistic's CDF at {@code uValue} (clamped to {@code [1e-5, 1 - 1e-5]}),
     * clipped to [-1, 1], channels in order so the coefficients couple each to the values drawn
     * before it. As in VDVAE's sampler the values are not rounded to the bins.
     *
     * @param uMix uniforms {@code [N, H, W]}
     * @param uValue uniforms {@code [N, C, H, W]}
     * @return {@code [N, C, H, W]} in [-1, 1]
     */
    public static NDArray sample(NDArray params, int channels, int mixtures, NDArray uMix, NDArray uValue) {
        Shape s = params.getShape();
        long n = s.get(0), h = s.get(2), w = s.get(3);
        Shapes.check(params, "mixture-of-logistics parameters", n, parameterChannels(channels, mixtures), h, w);
        Shapes.check(uMix, "component uniforms", n, h, w);
        Shapes.check(uValue, "value uniforms", n, channels, h, w);
        Parts p = Parts.of(params, channels, mixtures);
        NDArray cdf = p.logits.softmax(1).cumSum(1); // [N, M, H, W]
        NDArray index = cdf.lt(uMix.expandDims(1)).toType(DataType.FLOAT32, false).sum(new int[] {1}).minimum(mixtures - 1);
        NDArray range = params.getManager().arange(0f, (float) mixtures).reshape(1, mixtures, 1, 1);
        NDArray select = index.expandDims(1).eq(range).toType(params.getDataType(), false).expandDims(1); // [N, 1, M, H, W]
        NDArray means = p.means.mul(select).sum(new int[] {2}); // [N, C, H, W]
        NDArray logScales = p.logScales.mul(select).sum(new int[] {2});
        NDArray u = uValue.clip(1e-5, 1 - 1e-5);
        NDArray v = means.add(logScales.exp().mul(u.log().sub(u.neg().add(1).log())));
        if (channels == 1) {
            return v.clip(-1, 1);
        }
        NDArray coeffs = p.coeffs.mul(select).sum(new int[] {2});
        NDArray x0 = v.get(":, 0").clip(-1, 1);
        NDArray x1 = v.get(":, 1").add(coeffs.get(":, 0").mul(x0)).clip(-1, 1);
        NDArray x2 = v.get(":, 2").add(coeffs.get(":, 1").mul(x0)).add(coeffs.get(":, 2").mul(x1)).clip(-1, 1);
        return NDArrays.stack(new NDList(x0, x1, x2), 1);
    }

    /** Nats per image over {@code dims} values as bits per dimension: {@code nats / (dims ln 2)}. */
    public static double bitsPerDim(double nats, long dims) {
        return nats / (dims * Math.log(2));
    }

    /** {@code log sum exp} along {@code axis}, which is removed; the maximum is taken out first for stability. */
    public static NDArray logSumExp(NDArray a, int axis) {
        NDArray max = a.max(new int[] {axis}, true).stopGradient();
        return a.sub(max).exp().sum(new int[] {axis}, true).log().add(max).squeeze(axis);
    }

    private static void checkChannels(int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("the mixture of logistics models 1 or 3 channels, not " + channels);
        }
    }

    /** The parameter tensor cut into its parts. */
    private record Parts(NDArray logits, NDArray means, NDArray logScales, NDArray coeffs) {
        static Parts of(NDArray params, int c, int m) {
            Shape s = params.getShape();
            long n = s.get(0), h = s.get(2), w = s.get(3);
            int k = c * (c - 1) / 2;
            // One split rather than four slices: its gradient is one concatenation, not four zero-filled copies.
            long[] cuts = k == 0 ? new long[] {m, m + c * m} : new long[] {m, m + c * m, m + 2L * c * m};
            NDList parts = params.split(cuts, 1);
            NDArray logits = parts.get(0);
            NDArray means = parts.get(1).reshape(n, c, m, h, w);
            NDArray logScales = Scalars.maximum(parts.get(2).reshape(n, c, m, h, w), MIN_LOG_SCALE);
            NDArray coeffs = k == 0 ? null : parts.get(3).tanh().reshape(n, k, m, h, w);
            return new Parts(logits, means, logScales, coeffs);
        }
    }
}
