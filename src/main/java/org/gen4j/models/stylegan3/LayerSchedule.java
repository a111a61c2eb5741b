package org.gen4j.models.stylegan3;

import java.util.ArrayList;
import java.util.List;
import org.gen4j.Gen4jException;

/**
 * The synthesis network's per-layer frequencies, sampling rates, sizes and channels (StyleGAN3,
 * Karras et al. 2021, section 3 and appendix F; {@code SynthesisNetwork} and {@code SynthesisLayer}
 * in NVlabs/stylegan3 {@code training/networks_stylegan3.py}). Cutoffs {@code f_c} and minimum
 * stopbands {@code f_t} grow geometrically from the first layer's to the last's over the layers
 * before the critically sampled ones and stay there; each layer's sampling rate is the smallest
 * power of two at least {@code 2 f_t} (at most the image's resolution), its transition half-width
 * {@code f_h = max(f_t, s / 2) - f_c}, its size the sampling rate plus a margin on each side (the
 * last two layers: the image), its channels {@code min(channelBase / 2 / f_c, channelMax)}.
 *
 * @param input the Fourier-feature input's channels, size, sampling rate and bandwidth
 * @param layers the synthesis layers, the last being ToRGB
 */
public record LayerSchedule(Input input, List<Layer> layers) {

    /** The Fourier-feature input's channels, side, sampling rate and bandwidth (the first cutoff). */
    public record Input(int channels, int size, double samplingRate, double bandwidth) {}

    /**
     * One synthesis layer: modulated convolution, then the filtered nonlinearity that upsamples by
     * {@code up} with the input cutoff's filter, applies leaky ReLU at the temporary rate,
     * low-passes to the output cutoff and keeps every {@code down}-th sample.
     *
     * @param padding {@code [left, right, top, bottom]} of the upsampled signal (negative crops), as
     *     the official {@code pad_total} and {@code pad_lo}, which place the samples symmetrically
     *     (appendix C.3)
     */
    public record Layer(int index, boolean toRgb, boolean critical, int inChannels, int outChannels, int inSize, int outSize,
            double inSamplingRate, double outSamplingRate, double tmpSamplingRate, double inCutoff, double outCutoff, double inHalfWidth,
            double outHalfWidth, int up, int down, int upTaps, int downTaps, boolean downRadial, int kernel, int[] padding) {}

    /**
     * The schedule for an image side and the official defaults' shape parameters.
     *
     * @param resolution image side, a power of two of at least 16
     * @param imageChannels ToRGB's output channels
     * @param channelBase the official {@code channel_base} (32768 for the paper's configs)
     * @param channelMax the official {@code channel_max} (512)
     * @param numLayers layers before ToRGB (14)
     * @param numCritical critically sampled layers at the end (2)
     * @param firstCutoff {@code f_c} of the first layer (2)
     * @param firstStopband {@code f_t} of the first layer (2^2.1)
     * @param lastStopbandRel the last layer's {@code f_t} relative to its cutoff (2^0.3)
     * @param marginSize pixels beyond the image on each side (10)
     * @param convKernel the convolutions' kernel (3 for config T, 1 for R)
     * @param filterSize filter taps per unit of up- or downsampling (6)
     * @param lreluUpsampling the nonlinearity's oversampling (2)
     * @param radialFilters config R's radially symmetric downsampling filters (not on critically sampled layers)
     */
    public static LayerSchedule of(int resolution, int imageChannels, int channelBase, int channelMax, int numLayers, int numCritical,
            double firstCutoff, double firstStopband, double lastStopbandRel, int marginSize, int convKernel, int filterSize,
            int lreluUpsampling, boolean radialFilters) {
        Gen4jException.check(resolution >= 16 && Integer.bitCount(resolution) == 1,
                "StyleGAN3's layer schedule needs a power-of-two resolution of at least 16, got %d.", resolution);
        Gen4jException.check(numLayers > numCritical && numCritical >= 0,
                "StyleGAN3 needs more layers (%d) than critically sampled layers (%d).", numLayers, numCritical);
        int n = numLayers + 1;
        double lastCutoff = resolution / 2.0, lastStopband = lastCutoff * lastStopbandRel;
        double[] cutoffs = new double[n], halfWidths = new double[n], rates = new double[n];
        int[] sizes = new int[n], channels = new int[n];
        for (int i = 0; i < n; i++) {
            double e = Math.min((double) i / (numLayers - numCritical), 1);
            cutoffs[i] = firstCutoff * Math.pow(lastCutoff / firstCutoff, e);
            double stopband = firstStopband * Math.pow(lastStopband / firstStopband, e);
            rates[i] = powerOfTwoAtLeast(Math.min(stopband * 2, resolution));
            halfWidths[i] = Math.max(stopband, rates[i] / 2) - cutoffs[i];
            sizes[i] = i >= n - 2 ? resolution : (int) rates[i] + 2 * marginSize;
            channels[i] = i == n - 1 ? imageChannels : (int) Math.rint(Math.min(channelBase / 2.0 / cutoffs[i], channelMax));
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int p = Math.max(i - 1, 0);
            boolean toRgb = i == numLayers, critical = i >= numLayers - numCritical;
            layers.add(layer(i, toRgb, critical, channels[p], channels[i], sizes[p], sizes[i], rates[p], rates[i], cutoffs[p], cutoffs[i],
                    halfWidths[p], halfWidths[i], convKernel, filterSize, lreluUpsampling, radialFilters));
        }
        return new LayerSchedule(new Input(channels[0], sizes[0], rates[0], cutoffs[0]), List.copyOf(layers));
    }

    /**
     * One layer between two points of a schedule (official {@code SynthesisLayer.__init__}): the
     * nonlinearity's rate {@code max(in, out) * lreluUpsampling} (ToRGB: no oversampling, 1x1
     * kernel, no filters), the up- and downsampling factors and taps, and the padding that places
     * the samples symmetrically. StyleGAN-XL's growth appends layers made this way.
     */
    public static Layer layer(int index, boolean toRgb, boolean critical, int inChannels, int outChannels, int inSize, int outSize,
            double inRate, double outRate, double inCutoff, double outCutoff, double inHalfWidth, double outHalfWidth, int convKernel,
            int filterSize, int lreluUpsampling, boolean radialFilters) {
        double tmp = Math.max(inRate, outRate) * (toRgb ? 1 : lreluUpsampling);
        int kernel = toRgb ? 1 : convKernel;
        int up = (int) Math.rint(tmp / inRate), down = (int) Math.rint(tmp / outRate);
        int upTaps = up > 1 && !toRgb ? filterSize * up : 1, downTaps = down > 1 && !toRgb ? filterSize * down : 1;
        int total = (outSize - 1) * down + 1 - (inSize + kernel - 1) * up + upTaps + downTaps - 2;
        int lo = Math.floorDiv(total + up, 2);
        return new Layer(index, toRgb, critical, inChannels, outChannels, inSize, outSize, inRate, outRate, tmp, inCutoff, outCutoff,
                inHalfWidth, outHalfWidth, up, down, upTaps, downTaps, radialFilters && !critical, kernel, new int[] {lo, total - lo, lo, total - lo});
    }

    /** The smallest power of two not below {@code x}, for a growing schedule's sampling rates. */
    public static double samplingRateAtLeast(double x) {
        return powerOfTwoAtLeast(x);
    }

    /** The smallest power of two not below {@code x} ({@code 2^ceil(log2 x)}, exact at powers of two). */
    static double powerOfTwoAtLeast(double x) {
        double p = 1;
        while (p < x) {
            p *= 2;
        }
        while (p / 2 >= x) {
            p /= 2;
        }
        return p;
    }
}
