package org.gen4j.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.gen4j.ops.Conv;
import org.gen4j.ops.UpFirDn;
import org.gen4j.train.Sampler;
import org.gen4j.train.TransformableGenerator;

/**
 * The equivariance metrics of StyleGAN3 (Karras et al. 2021, section 3 and appendix E; official
 * {@code metrics/equivariance.py}): how closely transforming a generator's input transforms its
 * output, as a PSNR in dB over the pixels where the transformed reference is known, for images in
 * {@code [-1, 1]} ({@code 20 log10 2 - 10 log10 MSE}).
 *
 * <ul>
 *   <li>EQ-T: a translation by a whole number of pixels, at most 1/8 of the image per axis; the
 *       reference is the untransformed image shifted.
 *   <li>EQ-T_frac: any translation up to 1/8; the reference is shifted with a Lanczos (a = 3)
 *       windowed sinc.
 *   <li>EQ-R: a rotation by up to 180 degrees; the reference is the untransformed image rotated
 *       through a band-limited filter at 4x resolution and bilinear resampling, compared with the
 *       transformed image filtered by the matching pseudo-rotation filter, as the official protocol.
 * </ul>
 *
 * <p>One translation or angle is drawn per batch of latents. The pieces are plain functions (tested
 * against direct computations); {@link #evaluate} runs the protocol.
 */
public final class Equivariance {

    /** Translations are drawn from {@code [-1/8, 1/8]} of the image per axis. */
    public static final double TRANSLATE_MAX = 0.125;
    /** The Lanczos window's half-width {@code a}. */
    static final int LANCZOS = 3;
    private static final int ROTATION_UP = 4;
    private static final int FILTER_SUPPORT = 64; // aflt: the grid the band-limit filters are designed on
    private static final int BATCH = 50;

    private Equivariance() {}

    /** The PSNR in dB of a summed squared error over a summed mask, for images in [-1, 1]. */
    public static double psnr(double squaredError, double maskSum) {
        return 20 * Math.log10(2) - 10 * Math.log10(squaredError / maskSum);
    }

    /**
     * EQ-T ({@code integer}), EQ-T_frac ({@code fractional}) and EQ-R ({@code rotation}) of
     * {@code g} over {@code num} latents (seeds 0 ... num - 1), keyed {@code eqt}, {@code eqt_frac}
     * and {@code eqr}.
     */
    public static Map<String, Double> evaluate(TransformableGenerator g, int num, boolean integer, boolean fractional, boolean rotation,
            Consumer<String> log) {
        SplittableRandom random = new SplittableRandom(0);
        double[] sums = new double[6];
        int res = g.resolution();
        log.accept("equivariance over " + num + " images at " + res + "x" + res);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int from = 0; from < num; from += BATCH) {
                int n = Math.min(BATCH, num - from);
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    List<float[]> latents = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        latents.add(g.latent(from + i));
                    }
                    NDArray ws = g.mapping(Sampler.stack(m, latents), null, 1, g.numWs());
                    NDArray orig = synthesis(g, ws, identity());
                    if (integer) {
                        double tx = Math.rint(uniform(random) * TRANSLATE_MAX * res) / res;
                        double ty = Math.rint(uniform(random) * TRANSLATE_MAX * res) / res;
                        NDArray img = synthesis(g, ws, translation(tx, ty));
                        NDArray[] ref = integerTranslation(orig, tx, ty);
                        accumulate(sums, 0, ref[0], img, ref[1]);
                    }
                    if (fractional) {
                        double tx = uniform(random) * TRANSLATE_MAX, ty = uniform(random) * TRANSLATE_MAX;
                        NDArray img = synthesis(g, ws, translation(tx, ty));
                        NDArray[] ref = fractionalTranslation(orig, tx, ty);
                        accumulate(sums, 2, ref[0], img, ref[1]);
                    }
                    if (rotation) {
                        double angle = uniform(random) * Math.PI;
                        NDArray img = synthesis(g, ws, rotationMatrix(-angle));
                        NDArray[] ref = rotation(orig, angle);
                        NDArray[] pseudo = pseudoRotation(img, angle);
                        accumulate(sums, 4, ref[0], pseudo[0], ref[1].mul(pseudo[1]));
                    }
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        if (integer) {
            out.put("eqt", psnr(sums[0], sums[1]));
        }
        if (fractional) {
            out.put("eqt_frac", psnr(sums[2], sums[3]));
        }
        if (rotation) {
            out.put("eqr", psnr(sums[4], sums[5]));
        }
        return out;
    }

    /**
     * {@code g}'s images of {@code ws} under an input transform, with the synthesis's intermediates
     * freed as soon as the images exist: kept to the end of the batch, the four passes of the
     * paper's 14-layer schedule held more than 23 GB for 50 images at 32x32.
     */
    private static NDArray synthesis(TransformableGenerator g, NDArray ws, double[] transform) {
        NDArray img;
        try (NDScope pass = new NDScope()) {
            pass.suppressNotUsedWarning();
            img = g.synthesis(ws, transform);
            NDScope.unregister(img);
        }
        NDScope.register(img);
        return img;
    }

    private static double uniform(SplittableRandom random) {
        return random.nextDouble() * 2 - 1;
    }

    private static void accumulate(double[] sums, int at, NDArray ref, NDArray img, NDArray mask) {
        NDArray d = ref.sub(img).toType(DataType.FLOAT64, false);
        NDArray m64 = mask.toType(DataType.FLOAT64, false);
        sums[at] += d.square().mul(m64).sum().getDouble();
        sums[at + 1] += m64.sum().getDouble();
    }

    static double[] identity() {
        return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
    }

    /** The input transform that translates the output image by {@code (tx, ty)}: the inverse translation. */
    static double[] translation(double tx, double ty) {
        return new double[] {1, 0, -tx, 0, 1, -ty, 0, 0, 1};
    }

    /** The official {@code rotation_matrix}: {@code [[cos a, sin a, 0], [-sin a, cos a, 0], [0, 0, 1]]}. */
    static double[] rotationMatrix(double angle) {
        double c = Math.cos(angle), s = Math.sin(angle);
        return new double[] {c, s, 0, -s, c, 0, 0, 0, 1};
    }

    /**
     * {@code x} shifted by {@code round(tx W)} pixels right and {@code round(ty H)} down, zero where
     * nothing moved in, and the mask of the known pixels.
     */
    static NDArray[] integerTranslation(NDArray x, double tx, double ty) {
        Shape s = x.getShape();
        int h = (int) s.get(2), w = (int) s.get(3);
        int ix = (int) Math.rint(tx * w), iy = (int) Math.rint(ty * h);
        NDManager m = x.getManager();
        if (Math.abs(ix) >= w || Math.abs(iy) >= h) {
            return new NDArray[] {x.zerosLike(), x.zerosLike()};
        }
        NDArray kept = x.get(":, :, " + Math.max(-iy, 0) + ":" + (h + Math.min(-iy, 0)) + ", " + Math.max(-ix, 0) + ":" + (w + Math.min(-ix, 0)));
        Shape pad = new Shape(Math.max(ix, 0), Math.max(-ix, 0), Math.max(iy, 0), Math.max(-iy, 0));
        NDArray moved = kept.pad(pad, 0);
        NDArray mask = m.ones(kept.getShape(), x.getDataType()).pad(pad, 0);
        return new NDArray[] {moved, mask};
    }

    /** The Lanczos weights of a shift by the fraction {@code f} of a pixel, for offsets {@code d = 1 - a ... a}, normalised to sum 1. */
    static double[] lanczosWeights(double f) {
        int a = LANCZOS;
        double[] w = new double[2 * a];
        double sum = 0;
        for (int k = 0; k < 2 * a; k++) {
            double u = k - (a - 1) - f;
            w[k] = sinc(u) * sinc(u / a);
            sum += w[k];
        }
        for (int k = 0; k < 2 * a; k++) {
            w[k] /= sum;
        }
        return w;
    }

    /**
     * {@code x} shifted by {@code tx W} pixels right and {@code ty H} down with Lanczos
     * interpolation: with the shift {@code i + f} ({@code i} whole, {@code 0 <= f < 1}), output
     * pixel {@code j} is {@code sum_d w_d x[j - i - d]} over {@code d = 1 - a ... a}; the mask marks the
     * pixels all of whose taps lie inside the image.
     */
    static NDArray[] fractionalTranslation(NDArray x, double tx, double ty) {
        Shape s = x.getShape();
        int h = (int) s.get(2), w = (int) s.get(3);
        NDManager m = x.getManager();
        double sx = tx * w, sy = ty * h;
        int ix = (int) Math.floor(sx), iy = (int) Math.floor(sy);
        NDArray alongW = m.create(shiftOperator(w, ix, lanczosWeights(sx - ix)), new Shape(w, w));
        NDArray alongHt = m.create(shiftOperator(h, iy, lanczosWeights(sy - iy)), new Shape(h, h)).transpose();
        NDArray moved = UpFirDn.separable(x, alongW, alongHt);
        int a = LANCZOS, b = a - 1;
        float[] mask = new float[h * w];
        for (int y = Math.max(iy + a, 0); y < Math.min(iy - b, 0) + h; y++) {
            for (int xx = Math.max(ix + a, 0); xx < Math.min(ix - b, 0) + w; xx++) {
                mask[y * w + xx] = 1;
            }
        }
        NDArray mk = m.create(mask, new Shape(1, 1, h, w)).broadcast(s);
        return new NDArray[] {moved, mk};
    }

    /** {@code M[i, j] = w_d} for input {@code i = j - shift - d}, {@code d = 1 - a ... a}: the matrix of the shift along one axis. */
    private static float[] shiftOperator(int size, int shift, double[] weights) {
        float[] op = new float[size * size];
        int b = LANCZOS - 1;
        for (int j = 0; j < size; j++) {
            for (int k = 0; k < weights.length; k++) {
                int i = j - shift - (k - b);
                if (i >= 0 && i < size) {
                    op[i * size + j] += (float) weights[k];
                }
            }
        }
        return op;
    }

    /**
     * The band-limited filter of an affine map (official {@code construct_affine_bandlimit_filter}
     * with cutoffs 1): the ideal low-pass of the input grid convolved with the ideal low-pass of the
     * grid mapped by {@code mat}, windowed by the likewise convolved Lanczos windows, all sampled at
     * {@code up} points per pixel on a {@code 2 * 64 * up - 1} periodic grid (the convolutions
     * circular, by discrete Fourier transforms), then cropped to {@code 2 amax up - 1} taps and each
     * of its {@code up x up} phases normalised to sum {@code 1 / up^2}.
     *
     * @param mat the 2x2 linear part, row-major
     * @return {@code [t, t]} row-major with {@code t = 2 amax up - 1}
     */
    static double[] bandlimitFilter(NDManager manager, double[] mat, int amax, int up) {
        int a = LANCZOS, support = FILTER_SUPPORT * up, n = 2 * support - 1;
        double[] taps = new double[n]; // in Fourier order: 0, 1/up, ..., then the negative side
        for (int j = 0; j < n; j++) {
            taps[j] = (j < support ? j : j - n) / (double) up;
        }
        double[] fi = new double[n * n], fo = new double[n * n], wi = new double[n * n], wo = new double[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double xi = taps[c], yi = taps[r];
                double xo = mat[0] * xi + mat[1] * yi, yo = mat[2] * xi + mat[3] * yi;
                fi[r * n + c] = sinc(xi) * sinc(yi);
                fo[r * n + c] = sinc(xo) * sinc(yo);
                wi[r * n + c] = lanczos(xi, a) * lanczos(yi, a);
                wo[r * n + c] = lanczos(xo, a) * lanczos(yo, a);
            }
        }
        double[] f, w;
        try (NDManager m = manager.newSubManager()) {
            Dft dft = new Dft(m, n);
            f = dft.circularConvolution(fi, fo);
            w = dft.circularConvolution(wi, wo);
        }
        int t = 2 * amax * up - 1, centre = support - 1, half = amax * up - 1;
        double[] out = new double[t * t];
        for (int r = 0; r < t; r++) {
            for (int c = 0; c < t; c++) {
                // the periodic grid's index of the offset (r - half, c - half) from the centre
                int pr = Math.floorMod(r - half, n), pc = Math.floorMod(c - half, n);
                out[r * t + c] = f[pr * n + pc] * w[pr * n + pc];
            }
        }
        assert centre >= half;
        // normalise each phase: taps (r, c) with r = u mod up and c = v mod up sum to 1 / up^2,
        // the phases laid out as in the official reshape of the filter padded to 2 amax up
        double[] phaseSum = new double[up * up];
        for (int r = 0; r < t; r++) {
            for (int c = 0; c < t; c++) {
                phaseSum[(r % up) * up + c % up] += out[r * t + c];
            }
        }
        for (int r = 0; r < t; r++) {
            for (int c = 0; c < t; c++) {
                out[r * t + c] /= phaseSum[(r % up) * up + c % up] * up * up;
            }
        }
        return out;
    }

    /**
     * {@code x} rotated by {@code angle} (radians) as the official {@code apply_fractional_rotation}:
     * upsampled 4x through the band-limited filter of the rotation, resampled bilinearly on the
     * rotated grid; the mask marks the output pixels whose source lies in the upsampled image's
     * interior (away from the filter's border).
     */
    static NDArray[] rotation(NDArray x, double angle) {
        double[] r = rotationMatrix(angle);
        int up = ROTATION_UP, amax = 2 * LANCZOS;
        NDManager m = x.getManager();
        double[] f = bandlimitFilter(m, new double[] {r[0], r[1], r[3], r[4]}, amax, up);
        int t = 2 * amax * up - 1, p = t / 2;
        Shape s = x.getShape();
        int n = (int) s.get(0), ch = (int) s.get(1), h = (int) s.get(2), w = (int) s.get(3);
        // upsample2d: zero insertion, padding that keeps p extra pixels per side, the 2-D filter with gain up^2
        NDArray y = upfirdn2dFull(x, f, t, up, p + (t + up - 1) / 2, p + (t - up) / 2, up * up);
        int hy = (int) y.getShape().get(2), wy = (int) y.getShape().get(3);
        // the sampling grid: the inverse rotation, in the normalised coordinates of the padded, upsampled image
        double[] inv = {r[0], r[3], r[1], r[4]}; // a rotation's inverse is its transpose
        double[][] theta = {{inv[0], inv[1], 1.0 / up / w}, {inv[2], inv[3], 1.0 / up / h}};
        double sx = w / (w + p / (double) up * 2), sy = h / (h + p / (double) up * 2);
        for (int k = 0; k < 3; k++) {
            theta[0][k] *= sx;
            theta[1][k] *= sy;
        }
        float[] src = y.toFloatArray();
        float[] out = new float[n * ch * h * w];
        float[] mask = new float[h * w];
        int c = 2 * p + 1;
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double xn = (2 * j + 1) / (double) w - 1, yn = (2 * i + 1) / (double) h - 1;
                double xs = theta[0][0] * xn + theta[0][1] * yn + theta[0][2], ys = theta[1][0] * xn + theta[1][1] * yn + theta[1][2];
                double px = ((xs + 1) * wy - 1) / 2, py = ((ys + 1) * hy - 1) / 2; // align_corners = False
                int nx = (int) Math.rint(px), ny = (int) Math.rint(py);
                mask[i * w + j] = nx >= c && nx < wy - c && ny >= c && ny < hy - c ? 1 : 0;
                int x0 = (int) Math.floor(px), y0 = (int) Math.floor(py);
                double fx = px - x0, fy = py - y0;
                for (int plane = 0; plane < n * ch; plane++) {
                    int base = plane * hy * wy;
                    double v = tap(src, base, wy, hy, x0, y0) * (1 - fx) * (1 - fy) + tap(src, base, wy, hy, x0 + 1, y0) * fx * (1 - fy)
                            + tap(src, base, wy, hy, x0, y0 + 1) * (1 - fx) * fy + tap(src, base, wy, hy, x0 + 1, y0 + 1) * fx * fy;
                    out[(plane * h + i) * w + j] = (float) v;
                }
            }
        }
        return new NDArray[] {m.create(out, s), m.create(mask, new Shape(1, 1, h, w)).broadcast(s)};
    }

    /**
     * The generated (transformed) image filtered by the pseudo-rotation filter of {@code angle}
     * (official {@code apply_fractional_pseudo_rotation}: the band-limited filter of the inverse
     * rotation at 1x), size kept, and the mask of the pixels away from the filter's border.
     */
    static NDArray[] pseudoRotation(NDArray x, double angle) {
        double[] r = rotationMatrix(-angle);
        int amax = 2 * LANCZOS;
        double[] f = bandlimitFilter(x.getManager(), new double[] {r[0], r[1], r[3], r[4]}, amax, 1);
        int t = 2 * amax - 1, c = t / 2;
        NDArray y = upfirdn2dFull(x, f, t, 1, c, c, 1);
        Shape s = x.getShape();
        int h = (int) s.get(2), w = (int) s.get(3);
        float[] mask = new float[h * w];
        for (int i = c; i < h - c; i++) {
            for (int j = c; j < w - c; j++) {
                mask[i * w + j] = 1;
            }
        }
        return new NDArray[] {y, x.getManager().create(mask, new Shape(1, 1, h, w)).broadcast(s)};
    }

    /** upfirdn2d with a non-separable {@code [t, t]} filter (convolved, as the official op): zero insertion, padding, filter times {@code gain}. */
    static NDArray upfirdn2dFull(NDArray x, double[] f, int t, int up, int pad0, int pad1, double gain) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        NDArray y = x.reshape(n * c, 1, h, w);
        if (up > 1) {
            y = y.reshape(n * c, 1, h, 1, w, 1).pad(new Shape(0, up - 1, 0, 0, 0, up - 1), 0).reshape(n * c, 1, h * up, w * up);
        }
        y = y.pad(new Shape(pad0, pad1, pad0, pad1), 0);
        float[] k = new float[t * t];
        for (int i = 0; i < t * t; i++) {
            k[i] = (float) (f[t * t - 1 - i] * gain); // flipped in both axes: a convolution
        }
        NDArray out = Conv.conv2d(y, x.getManager().create(k, new Shape(1, 1, t, t)), null, 0);
        Shape o = out.getShape();
        return out.reshape(n, c, o.get(2), o.get(3));
    }

    private static double tap(float[] src, int base, int w, int h, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : src[base + y * w + x];
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    private static double lanczos(double x, int a) {
        double u = Math.abs(x) / a;
        return u < 1 ? sinc(u) : 0;
    }

    /**
     * The 2-D discrete Fourier transform of size {@code n} as real matrix products, {@code F = C - i S}
     * with {@code C = cos(2 pi j k / n)} and {@code S = sin(2 pi j k / n)} (both symmetric), in
     * double precision: for real {@code X}, {@code F X F = C X C - S X S - i (C X S + S X C)}, and the
     * real part of the inverse of {@code P} is {@code (C P_r C - S P_r S - C P_i S - S P_i C) / n^2}.
     */
    private static final class Dft {
        private final NDArray cos;
        private final NDArray sin;
        private final NDManager m;
        private final int n;

        Dft(NDManager m, int n) {
            this.m = m;
            this.n = n;
            double[] c = new double[n * n], s = new double[n * n];
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    double phase = 2 * Math.PI * (((long) j * k) % n) / n;
                    c[j * n + k] = Math.cos(phase);
                    s[j * n + k] = Math.sin(phase);
                }
            }
            cos = m.create(c, new Shape(n, n));
            sin = m.create(s, new Shape(n, n));
        }

        /** The circular convolution of two real {@code n x n} arrays (row-major). */
        double[] circularConvolution(double[] a, double[] b) {
            NDArray x = m.create(a, new Shape(n, n)), y = m.create(b, new Shape(n, n));
            NDArray ar = cos.matMul(x).matMul(cos).sub(sin.matMul(x).matMul(sin));
            NDArray ai = cos.matMul(x).matMul(sin).add(sin.matMul(x).matMul(cos)).neg();
            NDArray br = cos.matMul(y).matMul(cos).sub(sin.matMul(y).matMul(sin));
            NDArray bi = cos.matMul(y).matMul(sin).add(sin.matMul(y).matMul(cos)).neg();
            NDArray pr = ar.mul(br).sub(ai.mul(bi)), pi = ar.mul(bi).add(ai.mul(br));
            NDArray re = cos.matMul(pr).matMul(cos).sub(sin.matMul(pr).matMul(sin)).sub(cos.matMul(pi).matMul(sin))
                    .sub(sin.matMul(pi).matMul(cos));
            return re.div((double) n * n).toDoubleArray();
        }
    }
}
