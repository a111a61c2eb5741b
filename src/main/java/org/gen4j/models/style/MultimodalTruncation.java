package org.gen4j.models.style;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.gen4j.Gen4jException;
import org.gen4j.train.ImageGenerator;
import org.gen4j.train.StyleGenerator;

/**
 * Multimodal truncation (StyleGAN-XL, Sauer et al. 2022, section 5 and figure 7; following
 * Mokady et al. 2022): instead of pulling every w towards the one average w, draw many w (of the
 * image's class, for a conditional model), cluster them with k-means, and pull each w towards its
 * nearest cluster centre: {@code w' = c + psi (w - c)}. With one centre this is the usual
 * truncation towards the average of the drawn ws.
 */
public final class MultimodalTruncation {

    /** Lloyd iterations of k-means (it stops earlier once no assignment changes). */
    static final int ITERATIONS = 50;

    private MultimodalTruncation() {}

    /**
     * A generator that truncates each image's w towards the nearest of {@code centres} k-means
     * centres of {@code samples} ws drawn for its class (from latents of a stream seeded with
     * {@code seed}), in the layers below {@code cutoff}.
     *
     * @throws Gen4jException when {@code centres} exceeds {@code samples}, or either is not positive
     */
    public static ImageGenerator of(StyleGenerator g, double psi, int cutoff, int centres, int samples, long seed) {
        check(centres, samples);
        Map<Long, float[]> cache = new HashMap<>();
        return new ImageGenerator.Delegate(g) {
            @Override
            public NDArray generate(NDArray latents, NDArray classes) {
                NDManager m = latents.getManager();
                NDArray ws = g.mapping(latents, classes, 1, g.numWs());
                NDArray w = ws.get(":, 0, :");
                int n = (int) w.getShape().get(0), d = g.wDim();
                long[] cls = classes == null ? new long[n] : classes.toType(DataType.INT64, false).toLongArray();
                float[] wf = w.toFloatArray(), out = new float[n * d];
                for (int i = 0; i < n; i++) {
                    long c = classes == null ? -1 : cls[i];
                    float[] centresOf = cache.computeIfAbsent(c, k -> centres(g, k, centres, samples, seed, m));
                    float[] one = java.util.Arrays.copyOfRange(wf, i * d, (i + 1) * d);
                    System.arraycopy(truncate(one, 1, d, centresOf, centres, psi), 0, out, i * d, d);
                }
                NDArray t = WSpace.broadcast(m.create(out, new Shape(n, d)), g.numWs());
                NDArray mixed = cutoff >= g.numWs() ? t
                        : NDArrays.concat(new NDList(t.get(":, :" + cutoff + ", :"), ws.get(":, " + cutoff + ":, :")), 1);
                return g.synthesis(mixed);
            }
        };
    }

    /** Refuses a number of centres that is not positive or exceeds the ws clustered, in one sentence. */
    public static void check(int centres, int samples) {
        Gen4jException.check(samples > 0, "--truncation-samples %d must be positive.", samples);
        Gen4jException.check(centres > 0, "--truncation-centers %d must be positive.", centres);
        Gen4jException.check(centres <= samples, "--truncation-centers %d exceeds the %d sampled ws they are clustered from; give at most "
                + "%d centres or more --truncation-samples.", centres, samples, samples);
    }

    /** k-means centres {@code [k * wDim]} of {@code samples} ws of class {@code c} ({@code -1}: unconditional). */
    static float[] centres(StyleGenerator g, long c, int k, int samples, long seed, NDManager parent) {
        int d = g.wDim(), z = g.latentDim();
        float[] points = new float[samples * d];
        SplittableRandom rng = new SplittableRandom(seed);
        try (NDManager m = parent.newSubManager()) {
            for (int from = 0; from < samples; from += 1000) {
                int b = Math.min(1000, samples - from);
                float[] lat = new float[b * z];
                for (int i = 0; i < lat.length; i++) {
                    lat[i] = (float) gaussian(rng);
                }
                NDArray classes = c < 0 ? null : m.full(new Shape(b), c, DataType.INT64);
                NDArray w = g.mapping(m.create(lat, new Shape(b, z)), classes, 1, g.numWs()).get(":, 0, :");
                System.arraycopy(w.toFloatArray(), 0, points, from * d, b * d);
            }
        }
        return kmeans(points, samples, d, k, seed);
    }

    private static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble(), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * k-means (Lloyd's algorithm from a k-means++ start drawn from {@code seed}) of {@code n}
     * points of dimension {@code d}, row-major; returns the centres {@code [k * d]}.
     */
    static float[] kmeans(float[] points, int n, int d, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] centres = new float[k * d];
        double[] nearest = new double[n];
        java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        int first = rng.nextInt(n);
        System.arraycopy(points, first * d, centres, 0, d);
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], dist2(points, i, centres, j - 1, d));
                total += nearest[i];
            }
            int pick = n - 1;
            double r = rng.nextDouble() * total;
            for (int i = 0; i < n; i++) {
                r -= nearest[i];
                if (r < 0) {
                    pick = i;
                    break;
                }
            }
            System.arraycopy(points, pick * d, centres, j * d, d);
        }
        int[] assign = new int[n];
        java.util.Arrays.fill(assign, -1);
        for (int it = 0; it < ITERATIONS; it++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int a = nearestCentre(points, i, centres, k, d);
                changed |= a != assign[i];
                assign[i] = a;
            }
            if (!changed) {
                break;
            }
            double[] sum = new double[k * d];
            int[] count = new int[k];
            for (int i = 0; i < n; i++) {
                count[assign[i]]++;
                for (int t = 0; t < d; t++) {
                    sum[assign[i] * d + t] += points[i * d + t];
                }
            }
            for (int j = 0; j < k; j++) {
                if (count[j] > 0) { // an empty cluster keeps its centre
                    for (int t = 0; t < d; t++) {
                        centres[j * d + t] = (float) (sum[j * d + t] / count[j]);
                    }
                }
            }
        }
        return centres;
    }

    /**
     * Each of {@code n} points {@code [n * d]} pulled towards its nearest centre:
     * {@code c + psi (w - c)}.
     */
    static float[] truncate(float[] w, int n, int d, float[] centres, int k, double psi) {
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            int c = nearestCentre(w, i, centres, k, d);
            for (int t = 0; t < d; t++) {
                float ct = centres[c * d + t];
                out[i * d + t] = (float) (ct + psi * (w[i * d + t] - ct));
            }
        }
        return out;
    }

    static int nearestCentre(float[] points, int i, float[] centres, int k, int d) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            double dj = dist2(points, i, centres, j, d);
            if (dj < bestD) {
                bestD = dj;
                best = j;
            }
        }
        return best;
    }

    private static double dist2(float[] a, int i, float[] b, int j, int d) {
        double s = 0;
        for (int t = 0; t < d; t++) {
            double x = a[i * d + t] - b[j * d + t];
            s += x * x;
        }
        return s;
    }
}
