package org.gen4j.ops;

import org.apache.commons.math3.special.BesselJ;
import org.gen4j.Gen4jException;

/**
 * Windowed-sinc low-pass filters as StyleGAN3 designs them (Karras et al. 2021, "Alias-Free
 * Generative Adversarial Networks", section 3.1 and appendix C; {@code design_lowpass_filter} in
 * NVlabs/stylegan3 {@code training/networks_stylegan3.py}): Kaiser-windowed sinc filters with the
 * semantics of {@code scipy.signal.firwin(numtaps, cutoff, width=width, fs=fs)}, and for config R
 * radially symmetric jinc filters under the same window.
 *
 * <p>Frequencies are in the units of {@code fs} (cycles per unit when {@code fs} samples span one
 * unit). The Kaiser window's {@code beta} follows Kaiser's empirical formulas for the stopband
 * attenuation a filter of {@code taps} taps and transition width {@code width} reaches
 * (Oppenheim and Schafer, "Discrete-Time Signal Processing", equations 7.62 and 7.63).
 */
public final class FilterDesign {

    private FilterDesign() {}

    /**
     * Kaiser's estimate of the stopband attenuation in dB of a {@code taps}-tap filter whose
     * transition band is {@code width} wide, {@code width} relative to the Nyquist frequency:
     * {@code 2.285 (taps - 1) pi width + 7.95}.
     */
    public static double kaiserAttenuation(int taps, double width) {
        return 2.285 * (taps - 1) * Math.PI * width + 7.95;
    }

    /** Kaiser's {@code beta} for an attenuation {@code a} in dB. */
    public static double kaiserBeta(double a) {
        if (a > 50) {
            return 0.1102 * (a - 8.7);
        }
        if (a > 21) {
            return 0.5842 * Math.pow(a - 21, 0.4) + 0.07886 * (a - 21);
        }
        return 0;
    }

    /**
     * The symmetric Kaiser window of {@code taps} points:
     * {@code I0(beta sqrt(1 - (2 n / (taps - 1) - 1)^2)) / I0(beta)}.
     */
    public static double[] kaiserWindow(int taps, double beta) {
        double[] w = new double[taps];
        if (taps == 1) {
            w[0] = 1;
            return w;
        }
        double norm = besselI0(beta);
        for (int n = 0; n < taps; n++) {
            double r = 2.0 * n / (taps - 1) - 1;
            w[n] = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / norm;
        }
        return w;
    }

    /**
     * The modified Bessel function of the first kind of order 0, by its power series
     * {@code sum_k ((x / 2)^k / k!)^2}, which converges for every x and reaches double precision
     * within a few dozen terms for the window parameters filters use ({@code |x| < 50}).
     */
    public static double besselI0(double x) {
        double term = 1, sum = 1, q = x * x / 4;
        for (int k = 1; k < 500 && term > 1e-17 * sum; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    /**
     * The separable low-pass filter {@code scipy.signal.firwin(taps, cutoff, width=width, fs=fs)}
     * designs: {@code h[n] = c sinc(c (n - (taps - 1) / 2))} with {@code c = cutoff / (fs / 2)},
     * times the Kaiser window for {@code width}, scaled to unit gain at frequency 0.
     *
     * @param taps filter length; 1 gives the identity {@code [1]}
     * @param cutoff cutoff frequency, in {@code (0, fs / 2)}
     * @param width transition band width
     * @param fs sampling rate
     */
    public static double[] kaiserLowpass(int taps, double cutoff, double width, double fs) {
        Gen4jException.check(taps >= 1, "a filter needs at least one tap, got %d.", taps);
        if (taps == 1) {
            return new double[] {1};
        }
        double nyquist = fs / 2;
        Gen4jException.check(cutoff > 0 && cutoff < nyquist, "the cutoff %s must lie between 0 and the Nyquist frequency %s.", cutoff,
                nyquist);
        double c = cutoff / nyquist;
        double[] window = kaiserWindow(taps, kaiserBeta(kaiserAttenuation(taps, width / nyquist)));
        double[] h = new double[taps];
        double sum = 0;
        for (int n = 0; n < taps; n++) {
            double m = n - (taps - 1) / 2.0;
            h[n] = c * sinc(c * m) * window[n];
            sum += h[n];
        }
        for (int n = 0; n < taps; n++) {
            h[n] /= sum;
        }
        return h;
    }

    /**
     * Config R's radially symmetric low-pass filter, {@code [taps, taps]} row-major: the jinc
     * {@code J1(2 pi cutoff r) / (pi r)} at the taps' distances {@code r} from the centre (in
     * units of {@code 1 / fs}; its limit {@code cutoff} at {@code r = 0}), times the outer product
     * of the Kaiser window {@link #kaiserLowpass} would use, scaled to sum 1.
     */
    public static double[] radialLowpass(int taps, double cutoff, double width, double fs) {
        Gen4jException.check(taps >= 2, "a radial filter needs at least two taps, got %d.", taps);
        double[] window = kaiserWindow(taps, kaiserBeta(kaiserAttenuation(taps, width / (fs / 2))));
        double[] f = new double[taps * taps];
        double sum = 0;
        for (int i = 0; i < taps; i++) {
            double y = (i - (taps - 1) / 2.0) / fs;
            for (int j = 0; j < taps; j++) {
                double x = (j - (taps - 1) / 2.0) / fs;
                double r = Math.hypot(x, y);
                double jinc = r == 0 ? cutoff : BesselJ.value(1, 2 * cutoff * Math.PI * r) / (Math.PI * r);
                f[i * taps + j] = jinc * window[i] * window[j];
                sum += f[i * taps + j];
            }
        }
        for (int k = 0; k < f.length; k++) {
            f[k] /= sum;
        }
        return f;
    }

    /** {@code sin(pi x) / (pi x)}, 1 at 0. */
    static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }
}
