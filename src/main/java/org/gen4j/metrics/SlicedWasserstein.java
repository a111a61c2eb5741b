package org.gen4j.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * ProGAN's multi-scale sliced Wasserstein distance (Karras et al. 2018, section 5 and appendix
 * D): images are decomposed into a Laplacian pyramid from their full resolution down to 16x16;
 * from every level, 128 random 7x7 neighbourhoods per image become descriptors, normalised per
 * colour channel within each set; the sliced Wasserstein distance between the real and the
 * generated descriptors is averaged over 4 x 128 random unit directions. Values are reported
 * multiplied by 10^3, per level and averaged, as in the paper. It needs no feature network.
 *
 * <p>Collect descriptors with {@link Descriptors#add} batch by batch, then compare two sets of
 * the same size with {@link #distance}.
 */
public final class SlicedWasserstein {

    static final int NHOOD = 7;
    static final int PER_IMAGE = 128;
    static final int REPEATS = 4;
    static final int DIRECTIONS = 128;
    private static final int DIRECTION_CHUNK = 16;
    private static final float[] BINOMIAL = {1 / 16f, 4 / 16f, 6 / 16f, 4 / 16f, 1 / 16f};

    private SlicedWasserstein() {}

    /** Distances x 10^3 per pyramid level (finest first) and their mean. */
    public record Result(int[] resolutions, double[] perLevel, double average) {}

    /** The pyramid levels used for images of side {@code size}: size, size/2, ... down to 16. */
    public static int[] levels(int size) {
        List<Integer> r = new ArrayList<>();
        for (int s = size; s >= 16; s /= 2) {
            r.add(s);
        }
        return r.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Descriptors of one image set, accumulated batch by batch. */
    public static final class Descriptors {
        private final int channels;
        private final int size;
        private final int[] resolutions;
        private final List<List<float[]>> perLevel = new ArrayList<>();
        private final SplittableRandom rng;
        private int images;

        /**
         * @param seed where the neighbourhoods are taken; use the same for real and generated sets
         */
        public Descriptors(int channels, int size, long seed) {
            if (size < 16) {
                throw new IllegalArgumentException("SWD needs images of at least 16x16, got " + size + "x" + size);
            }
            this.channels = channels;
            this.size = size;
            this.resolutions = levels(size);
            this.rng = new SplittableRandom(seed);
            for (int i = 0; i < resolutions.length; i++) {
                perLevel.add(new ArrayList<>());
            }
        }

        public int images() {
            return images;
        }

        /** Adds images {@code [N, C, size, size]} in any value range. */
        public void add(float[] pixels, int n) {
            int plane = size * size;
            for (int i = 0; i < n; i++) {
                float[][] level = new float[channels][];
                for (int c = 0; c < channels; c++) {
                    level[c] = new float[plane];
                    System.arraycopy(pixels, (i * channels + c) * plane, level[c], 0, plane);
                }
                int side = size;
                for (int l = 0; l < resolutions.length; l++) {
                    float[][] detail = level;
                    float[][] coarse = null;
                    if (l + 1 < resolutions.length) {
                        coarse = new float[channels][];
                        detail = new float[channels][];
                        for (int c = 0; c < channels; c++) {
                            coarse[c] = pyrDown(level[c], side);
                            float[] up = pyrUp(coarse[c], side / 2);
                            detail[c] = new float[side * side];
                            for (int p = 0; p < detail[c].length; p++) {
                                detail[c][p] = level[c][p] - up[p];
                            }
                        }
                    }
                    sample(detail, side, perLevel.get(l));
                    level = coarse;
                    side /= 2;
                }
                images++;
            }
        }

        private void sample(float[][] image, int side, List<float[]> out) {
            int h = NHOOD / 2;
            for (int k = 0; k < PER_IMAGE; k++) {
                int cy = h + rng.nextInt(side - 2 * h), cx = h + rng.nextInt(side - 2 * h);
                float[] d = new float[channels * NHOOD * NHOOD];
                int j = 0;
                for (int c = 0; c < channels; c++) {
                    for (int y = cy - h; y <= cy + h; y++) {
                        for (int x = cx - h; x <= cx + h; x++) {
                            d[j++] = image[c][y * side + x];
                        }
                    }
                }
                out.add(d);
            }
        }

        /** Level {@code l}'s descriptors, normalised per channel: {@code [count, C * 49]}. */
        float[] normalised(int l) {
            List<float[]> list = perLevel.get(l);
            int per = NHOOD * NHOOD, dim = channels * per;
            float[] flat = new float[list.size() * dim];
            for (int i = 0; i < list.size(); i++) {
                System.arraycopy(list.get(i), 0, flat, i * dim, dim);
            }
            for (int c = 0; c < channels; c++) {
                double sum = 0, sq = 0;
                long n = (long) list.size() * per;
                for (int i = 0; i < list.size(); i++) {
                    for (int q = 0; q < per; q++) {
                        double v = flat[i * dim + c * per + q];
                        sum += v;
                        sq += v * v;
                    }
                }
                double mean = sum / n, std = Math.sqrt(Math.max(sq / n - mean * mean, 0));
                double scale = std > 0 ? 1 / std : 1;
                for (int i = 0; i < list.size(); i++) {
                    for (int q = 0; q < per; q++) {
                        int at = i * dim + c * per + q;
                        flat[at] = (float) ((flat[at] - mean) * scale);
                    }
                }
            }
            return flat;
        }
    }

    /**
     * SWD between two descriptor sets of the same size and shape.
     *
     * @param seed the random directions
     */
    public static Result distance(NDManager manager, Descriptors real, Descriptors fake, long seed) {
        if (real.images != fake.images || real.size != fake.size || real.channels != fake.channels) {
            throw new IllegalArgumentException("SWD compares sets of equal size and image shape: " + real.images + " vs "
                    + fake.images + " images");
        }
        int dim = real.channels * NHOOD * NHOOD;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] per = new double[real.resolutions.length];
        for (int l = 0; l < per.length; l++) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                float[] a = real.normalised(l), b = fake.normalised(l);
                int n = a.length / dim;
                // projections come out as [directions, n], so every sort runs over contiguous memory
                NDArray ta = manager.create(a, new Shape(n, dim)).transpose(), tb = manager.create(b, new Shape(n, dim)).transpose();
                double sum = 0;
                for (int r = 0; r < REPEATS; r++) {
                    for (int c0 = 0; c0 < DIRECTIONS; c0 += DIRECTION_CHUNK) {
                        try (NDScope inner = new NDScope()) {
                            inner.suppressNotUsedWarning();
                            NDArray dirs = unitDirections(manager, rng, dim, DIRECTION_CHUNK);
                            NDArray pa = dirs.matMul(ta).sort(1), pb = dirs.matMul(tb).sort(1);
                            sum += pa.sub(pb).abs().sum().getFloat();
                        }
                    }
                }
                per[l] = 1e3 * sum / ((double) n * DIRECTIONS * REPEATS);
            }
        }
        double avg = 0;
        for (double v : per) {
            avg += v;
        }
        return new Result(real.resolutions.clone(), per, avg / per.length);
    }

    private static NDArray unitDirections(NDManager manager, SplittableRandom rng, int dim, int count) {
        float[] v = new float[dim * count];
        for (int j = 0; j < count; j++) {
            double norm = 0;
            for (int i = 0; i < dim; i++) {
                double g = rng.nextGaussian();
                v[j * dim + i] = (float) g;
                norm += g * g;
            }
            for (int i = 0; i < dim; i++) {
                v[j * dim + i] /= (float) Math.sqrt(norm);
            }
        }
        return manager.create(v, new Shape(count, dim));
    }

    /** Gaussian (binomial 5-tap) blur with mirrored borders, then every second pixel. */
    static float[] pyrDown(float[] img, int side) {
        float[] blurred = blur(img, side, 1f);
        int half = side / 2;
        float[] out = new float[half * half];
        for (int y = 0; y < half; y++) {
            for (int x = 0; x < half; x++) {
                out[y * half + x] = blurred[(2 * y) * side + 2 * x];
            }
        }
        return out;
    }

    /** Zeros inserted between pixels, then the same blur with gain 4. */
    static float[] pyrUp(float[] img, int side) {
        int full = side * 2;
        float[] spread = new float[full * full];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                spread[(2 * y) * full + 2 * x] = img[y * side + x];
            }
        }
        return blur(spread, full, 4f);
    }

    /** Separable 5-tap binomial filter; borders mirror without repeating the edge (d c b | a b c d). */
    private static float[] blur(float[] img, int side, float gain) {
        float[] tmp = new float[img.length], out = new float[img.length];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float s = 0;
                for (int t = -2; t <= 2; t++) {
                    s += BINOMIAL[t + 2] * img[y * side + mirror(x + t, side)];
                }
                tmp[y * side + x] = s;
            }
        }
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float s = 0;
                for (int t = -2; t <= 2; t++) {
                    s += BINOMIAL[t + 2] * tmp[mirror(y + t, side) * side + x];
                }
                out[y * side + x] = s * gain;
            }
        }
        return out;
    }

    private static int mirror(int i, int n) {
        if (i < 0) {
            return -i;
        }
        return i >= n ? 2 * (n - 1) - i : i;
    }
}
