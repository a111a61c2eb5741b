package org.gen4j.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.gen4j.ops.Scalars;
import org.gen4j.train.StepRandom;

/**
 * Adaptive discriminator augmentation (Karras, Aittala, Hellsten, Laine, Lehtinen, Aila, "Training
 * Generative Adversarial Networks with Limited Data", NeurIPS 2020): the augmentation pipeline of
 * section 2.3 / appendix B, each transform applied per sample with probability {@code p}, and
 * {@code p} steered by the overfitting heuristic {@code r_t = E[sign(D(x_real))]} of section 3.
 *
 * <p>Groups (the official 'bgc' pipeline, strengths as in stylegan2-ada-pytorch):
 * <ul>
 *   <li>blit: x-flip, rotation by a multiple of 90 degrees, integer translation up to 1/8 of the side;</li>
 *   <li>geom: isotropic scale {@code 2^N(0, 0.2^2)}, pre-rotation, anisotropic scale
 *       {@code 2^N(0, 0.2^2)}, post-rotation (uniform over the circle, each with probability
 *       {@code 1 - sqrt(1 - p)} so that one of them happens with probability p), fractional translation
 *       {@code N(0, 0.125^2)} of the side;</li>
 *   <li>color: brightness {@code N(0, 0.2^2)}, contrast {@code 2^N(0, 0.5^2)}, luma flip, hue rotation
 *       about the luma axis (uniform over the circle), saturation {@code 2^N(0, 1)}.</li>
 * </ul>
 * Blit and geom compose one inverse affine matrix per sample (output pixel to input pixel, pixel
 * units about the image centre), applied by one bilinear resampling with reflection at the borders
 * ({@link Resampling}); colour composes one 4x4 matrix per sample applied to the RGB values. On
 * grayscale images the colour matrix is averaged over its three rows as in the official code (hue
 * and saturation, which need RGB, are skipped): brightness and contrast act on the value and luma
 * flip negates it.
 *
 * <p>Deviation: the official code upsamples 2x with a sym6 wavelet filter before resampling and
 * downsamples after it (anti-aliasing) and pads by reflection only up to the image's size; here the
 * resampling is plain bilinear at the image's resolution, reflected indefinitely. The filter and noise
 * groups are not implemented.
 *
 * <p>Adaptation (section 3): after every {@link #INTERVAL} minibatches of D's main pass,
 * {@code p += sign(r_t - target) * batch * INTERVAL / (ADA_KIMG * 1000)}, clamped to [0, 1], with
 * {@code r_t} the mean sign of D's real logits over those minibatches.
 */
public final class Ada implements Augmenter {

    /** Transform groups of the pipeline. */
    public enum Group {
        BLIT, GEOM, COLOR;

        String cliName() {
            return name().toLowerCase();
        }
    }

    /** Minibatches between adjustments of p (the official {@code ada_interval}). */
    public static final int INTERVAL = 4;
    /** Thousands of images for p to move by one (the official {@code ada_kimg}). */
    public static final double ADA_KIMG = 500;
    /** The paper's target of {@code r_t}. */
    public static final double DEFAULT_TARGET = 0.6;

    private static final double XINT_MAX = 0.125, SCALE_STD = 0.2, ANISO_STD = 0.2, XFRAC_STD = 0.125;
    private static final double BRIGHTNESS_STD = 0.2, CONTRAST_STD = 0.5, SATURATION_STD = 1;
    private static final double[] LUMA = {1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3)};

    private final Set<Group> groups;
    private final double target;
    private double p;
    private double signSum;
    private long signCount;
    private long minibatches;

    /**
     * @param groups the transform groups applied
     * @param target the target of {@code r_t}, in (0, 1)
     * @param p the initial probability (0 for training; {@code bench} times a fixed positive one)
     */
    public Ada(Set<Group> groups, double target, double p) {
        this.groups = groups.isEmpty() ? Set.of() : EnumSet.copyOf(groups);
        this.target = target;
        this.p = p;
    }

    public double p() {
        return p;
    }

    public double target() {
        return target;
    }

    /**
     * One adjustment: {@code clamp(p + sign(rt - target) * batch * interval / (ADA_KIMG * 1000), 0, 1)}.
     *
     * @param batch the minibatch size
     */
    public static double adjusted(double p, double rt, double target, int batch) {
        double next = p + Math.signum(rt - target) * batch * INTERVAL / (ADA_KIMG * 1000);
        return Math.min(1, Math.max(0, next));
    }

    @Override
    public void observeRealScores(NDArray scores) {
        NDArray signs = scores.stopGradient().sign();
        signSum += signs.sum().getFloat();
        signCount += signs.size();
        minibatches++;
        if (minibatches % INTERVAL == 0 && signCount > 0) {
            p = adjusted(p, signSum / signCount, target, (int) scores.getShape().get(0));
            signSum = 0;
            signCount = 0;
        }
    }

    @Override
    public NDArray apply(NDArray images, StepRandom random) {
        if (p <= 0 || groups.isEmpty()) {
            return images;
        }
        Shape s = images.getShape();
        int n = (int) s.get(0), c = (int) s.get(1), h = (int) s.get(2), w = (int) s.get(3);
        double[][] g = new double[n][];
        boolean geometric = false;
        for (int b = 0; b < n; b++) {
            g[b] = identity(3);
        }
        if (groups.contains(Group.BLIT)) {
            for (int b = 0; b < n; b++) { // x-flip
                double i = Math.floor(random.nextDouble() * 2);
                g[b] = compose3(g[b], scale2(gate(random, p) ? 1 - 2 * i : 1, 1));
            }
            for (int b = 0; b < n; b++) { // rotation by a multiple of 90 degrees
                double i = Math.floor(random.nextDouble() * 4);
                g[b] = compose3(g[b], rotate2(gate(random, p) ? Math.PI / 2 * i : 0));
            }
            for (int b = 0; b < n; b++) { // integer translation
                double tx = (random.nextDouble() * 2 - 1) * XINT_MAX, ty = (random.nextDouble() * 2 - 1) * XINT_MAX;
                boolean on = gate(random, p);
                g[b] = compose3(g[b], translate2(on ? -Math.round(tx * w) : 0, on ? -Math.round(ty * h) : 0));
            }
        }
        if (groups.contains(Group.GEOM)) {
            double pRot = 1 - Math.sqrt(Math.max(0, Math.min(1, 1 - p)));
            for (int b = 0; b < n; b++) { // isotropic scale
                double sc = Math.pow(2, random.nextGaussian() * SCALE_STD);
                sc = gate(random, p) ? sc : 1;
                g[b] = compose3(g[b], scale2(1 / sc, 1 / sc));
            }
            for (int b = 0; b < n; b++) { // pre-rotation
                double theta = (random.nextDouble() * 2 - 1) * Math.PI;
                g[b] = compose3(g[b], rotate2(gate(random, pRot) ? theta : 0));
            }
            for (int b = 0; b < n; b++) { // anisotropic scale
                double sc = Math.pow(2, random.nextGaussian() * ANISO_STD);
                sc = gate(random, p) ? sc : 1;
                g[b] = compose3(g[b], scale2(1 / sc, sc));
            }
            for (int b = 0; b < n; b++) { // post-rotation
                double theta = (random.nextDouble() * 2 - 1) * Math.PI;
                g[b] = compose3(g[b], rotate2(gate(random, pRot) ? theta : 0));
            }
            for (int b = 0; b < n; b++) { // fractional translation
                double tx = random.nextGaussian() * XFRAC_STD, ty = random.nextGaussian() * XFRAC_STD;
                boolean on = gate(random, p);
                g[b] = compose3(g[b], translate2(on ? -tx * w : 0, on ? -ty * h : 0));
            }
        }
        for (double[] m : g) {
            geometric |= !isIdentity(m);
        }
        NDArray x = geometric ? resample(images, g) : images;
        if (!groups.contains(Group.COLOR)) {
            return x;
        }
        double[][] col = colorMatrices(n, c, random);
        boolean colored = false;
        for (double[] m : col) {
            colored |= !isIdentity(m);
        }
        return colored ? applyColor(x, col) : x;
    }

    /** The images resampled through each sample's inverse matrix {@code g[b]} (3x3, row-major). */
    static NDArray resample(NDArray images, double[][] g) {
        Shape s = images.getShape();
        int n = (int) s.get(0), h = (int) s.get(2), w = (int) s.get(3);
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        double[] sx = new double[n * h * w], sy = new double[n * h * w];
        for (int b = 0; b < n; b++) {
            double[] m = g[b];
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double x = j - cx, y = i - cy;
                    sx[(b * h + i) * w + j] = m[0] * x + m[1] * y + m[2] + cx;
                    sy[(b * h + i) * w + j] = m[3] * x + m[4] * y + m[5] + cy;
                }
            }
        }
        return Resampling.bilinear(images, sx, sy, true);
    }

    /** Per-sample 4x4 colour matrices (row-major, acting on [r, g, b, 1]). */
    private double[][] colorMatrices(int n, int channels, StepRandom random) {
        double[][] col = new double[n][];
        for (int b = 0; b < n; b++) {
            col[b] = identity(4);
        }
        for (int b = 0; b < n; b++) { // brightness
            double v = random.nextGaussian() * BRIGHTNESS_STD;
            v = gate(random, p) ? v : 0;
            col[b] = compose4(translate3(v), col[b]);
        }
        for (int b = 0; b < n; b++) { // contrast
            double v = Math.pow(2, random.nextGaussian() * CONTRAST_STD);
            v = gate(random, p) ? v : 1;
            col[b] = compose4(scale3(v), col[b]);
        }
        for (int b = 0; b < n; b++) { // luma flip: a Householder reflection through the plane normal to the luma axis
            double i = Math.floor(random.nextDouble() * 2);
            i = gate(random, p) ? i : 0;
            col[b] = compose4(lumaMix(1, -2 * i), col[b]);
        }
        if (channels > 1) {
            for (int b = 0; b < n; b++) { // hue rotation about the luma axis
                double theta = (random.nextDouble() * 2 - 1) * Math.PI;
                theta = gate(random, p) ? theta : 0;
                col[b] = compose4(rotateAboutLuma(theta), col[b]);
            }
            for (int b = 0; b < n; b++) { // saturation: scale off the luma axis
                double v = Math.pow(2, random.nextGaussian() * SATURATION_STD);
                v = gate(random, p) ? v : 1;
                col[b] = compose4(lumaMix(v, 1 - v), col[b]);
            }
        }
        return col;
    }

    /** {@code images} through each sample's colour matrix: RGB by its 3x4 part, grayscale by its rows' mean. */
    static NDArray applyColor(NDArray images, double[][] col) {
        Shape s = images.getShape();
        int n = (int) s.get(0), c = (int) s.get(1);
        NDManager m = images.getManager();
        NDArray flat = images.reshape(n, c, s.get(2) * s.get(3));
        NDArray out;
        if (c == 3) {
            float[] mat = new float[n * 9], off = new float[n * 3];
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        mat[b * 9 + i * 3 + j] = (float) col[b][i * 4 + j];
                    }
                    off[b * 3 + i] = (float) col[b][i * 4 + 3];
                }
            }
            out = Scalars.fromHost(m, mat, new Shape(n, 3, 3)).matMul(flat).add(Scalars.fromHost(m, off, new Shape(n, 3, 1)));
        } else if (c == 1) {
            float[] gain = new float[n], off = new float[n];
            for (int b = 0; b < n; b++) {
                double sum = 0, bias = 0;
                for (int i = 0; i < 3; i++) {
                    sum += col[b][i * 4] + col[b][i * 4 + 1] + col[b][i * 4 + 2];
                    bias += col[b][i * 4 + 3];
                }
                gain[b] = (float) (sum / 3);
                off[b] = (float) (bias / 3);
            }
            out = flat.mul(Scalars.fromHost(m, gain, new Shape(n, 1, 1))).add(Scalars.fromHost(m, off, new Shape(n, 1, 1)));
        } else {
            throw new IllegalArgumentException("ADA's colour transforms need 1 or 3 channels, got " + c);
        }
        return out.reshape(s);
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("augment_p", Math.round(p * 1e6) / 1e6);
        return s;
    }

    @Override
    public void write(JsonObject json) {
        JsonObject o = new JsonObject();
        o.addProperty("p", p);
        o.addProperty("sign_sum", signSum);
        o.addProperty("sign_count", signCount);
        o.addProperty("minibatches", minibatches);
        json.add("ada", o);
    }

    @Override
    public void read(JsonObject json) {
        if (json.has("ada")) {
            JsonObject o = json.getAsJsonObject("ada");
            p = o.get("p").getAsDouble();
            signSum = o.get("sign_sum").getAsDouble();
            signCount = o.get("sign_count").getAsLong();
            minibatches = o.get("minibatches").getAsLong();
        }
    }

    @Override
    public String spec() {
        return "ada=" + groups.stream().map(Group::cliName).collect(Collectors.joining(","));
    }

    private static boolean gate(StepRandom random, double probability) {
        return random.nextDouble() < probability;
    }

    static double[] identity(int size) {
        double[] m = new double[size * size];
        for (int i = 0; i < size; i++) {
            m[i * size + i] = 1;
        }
        return m;
    }

    private static boolean isIdentity(double[] m) {
        int size = (int) Math.round(Math.sqrt(m.length));
        for (int i = 0; i < m.length; i++) {
            if (m[i] != (i / size == i % size ? 1 : 0)) {
                return false;
            }
        }
        return true;
    }

    private static double[] multiply(double[] a, double[] b, int size) {
        double[] r = new double[size * size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                double v = 0;
                for (int k = 0; k < size; k++) {
                    v += a[i * size + k] * b[k * size + j];
                }
                r[i * size + j] = v;
            }
        }
        return r;
    }

    static double[] compose3(double[] a, double[] b) {
        return multiply(a, b, 3);
    }

    static double[] compose4(double[] a, double[] b) {
        return multiply(a, b, 4);
    }

    static double[] scale2(double sx, double sy) {
        return new double[] {sx, 0, 0, 0, sy, 0, 0, 0, 1};
    }

    static double[] translate2(double tx, double ty) {
        return new double[] {1, 0, tx, 0, 1, ty, 0, 0, 1};
    }

    static double[] rotate2(double theta) {
        double c = Math.cos(theta), s = Math.sin(theta);
        return new double[] {c, -s, 0, s, c, 0, 0, 0, 1};
    }

    private static double[] translate3(double t) {
        return new double[] {1, 0, 0, t, 0, 1, 0, t, 0, 0, 1, t, 0, 0, 0, 1};
    }

    private static double[] scale3(double s) {
        return new double[] {s, 0, 0, 0, 0, s, 0, 0, 0, 0, s, 0, 0, 0, 0, 1};
    }

    /** {@code a I + b v v^T} on the colour part, v the unit luma axis. */
    static double[] lumaMix(double a, double b) {
        double[] m = identity(4);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[i * 4 + j] = (i == j ? a : 0) + b * LUMA[i] * LUMA[j];
            }
        }
        return m;
    }

    /** Rotation by {@code theta} about the luma axis (Rodrigues' formula). */
    static double[] rotateAboutLuma(double theta) {
        double c = Math.cos(theta), s = Math.sin(theta), cc = 1 - c;
        double x = LUMA[0], y = LUMA[1], z = LUMA[2];
        return new double[] {
            x * x * cc + c, x * y * cc - z * s, x * z * cc + y * s, 0,
            y * x * cc + z * s, y * y * cc + c, y * z * cc - x * s, 0,
            z * x * cc - y * s, z * y * cc + x * s, z * z * cc + c, 0,
            0, 0, 0, 1};
    }
}
