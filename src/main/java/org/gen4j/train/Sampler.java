package org.gen4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.gen4j.io.ImageFiles;

/** Renders images from a generator at given seeds or latents, in memory-bounded batches. */
public final class Sampler {

    private static final int BATCH = 32;

    private Sampler() {}

    /**
     * The standard latent of seed {@code s}: {@code dim} standard normal values from a generator
     * seeded with {@code s}, the same in every call and on every device.
     */
    public static float[] latent(long seed, int dim) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] z = new float[dim];
        for (int j = 0; j < dim; j++) {
            z[j] = (float) r.nextGaussian();
        }
        return z;
    }

    /** Seed {@code s}'s latent for models with a uniform prior: {@code dim} values from {@code U(-1, 1)} (LOGAN's). */
    public static float[] uniformLatent(long seed, int dim) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] z = new float[dim];
        for (int j = 0; j < dim; j++) {
            z[j] = (float) (2 * r.nextDouble() - 1);
        }
        return z;
    }

    /**
     * One image per seed, latents as the generator draws them ({@link ImageGenerator#latent}).
     *
     * @param classes one class per seed for a conditional generator, or {@code null}
     */
    public static List<BufferedImage> render(ImageGenerator generator, NDManager manager, long[] seeds, int[] classes) {
        List<float[]> latents = new ArrayList<>(seeds.length);
        for (long s : seeds) {
            latents.add(generator.latent(s));
        }
        return render(generator, manager, latents, classes);
    }

    /**
     * Images {@code [N, C, R, R]} for at most a few dozen latents, created in the caller's scope.
     *
     * @param classes one class per latent for a conditional generator, or {@code null}
     */
    public static NDArray generate(ImageGenerator generator, NDManager manager, List<float[]> latents, int[] classes) {
        int n = latents.size();
        NDArray labels = null;
        if (classes != null) {
            long[] c = new long[n];
            for (int k = 0; k < n; k++) {
                c[k] = classes[k];
            }
            labels = manager.create(c);
        }
        return generator.generate(stack(manager, latents), labels);
    }

    /** Latents of one length as a batch {@code [N, dim]}. */
    public static NDArray stack(NDManager manager, List<float[]> latents) {
        int dim = latents.get(0).length, n = latents.size();
        float[] z = new float[n * dim];
        for (int k = 0; k < n; k++) {
            System.arraycopy(latents.get(k), 0, z, k * dim, dim);
        }
        return manager.create(z, new Shape(n, dim));
    }

    /**
     * One image per latent, in batches of {@value #BATCH}.
     *
     * @param classes one class per latent for a conditional generator, or {@code null}
     */
    public static List<BufferedImage> render(ImageGenerator generator, NDManager manager, List<float[]> latents, int[] classes) {
        List<BufferedImage> out = new ArrayList<>(latents.size());
        for (int i = 0; i < latents.size(); i += BATCH) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                int end = Math.min(latents.size(), i + BATCH);
                int[] chunk = classes == null ? null : java.util.Arrays.copyOfRange(classes, i, end);
                out.addAll(ImageFiles.toImages(generate(generator, manager, latents.subList(i, end), chunk)));
            }
        }
        return out;
    }

    /** {@code n} copies of {@code c}, the classes for {@code n} images of one class. */
    public static int[] repeat(int c, int n) {
        int[] out = new int[n];
        java.util.Arrays.fill(out, c);
        return out;
    }

    /** Seeds {@code 0 .. n-1}. */
    public static long[] firstSeeds(int n) {
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = i;
        }
        return s;
    }

    /**
     * A grid of {@link #render} images with a 2-pixel gap: square-ish for an unconditional
     * generator; for a conditional one, one row per class with the same seeds across rows (the
     * class grid), the first {@code ceil(n / K)} of {@code seeds} in every row.
     */
    public static BufferedImage grid(ImageGenerator generator, NDManager manager, long[] seeds) {
        int k = generator.numClasses();
        if (k == 0) {
            return ImageFiles.grid(render(generator, manager, seeds, null), ImageFiles.squareColumns(seeds.length), 2);
        }
        int[] all = new int[k];
        for (int c = 0; c < k; c++) {
            all[c] = c;
        }
        return classGrid(generator, manager, java.util.Arrays.copyOf(seeds, Math.max(1, (seeds.length + k - 1) / k)), all);
    }

    /** Rows of {@code classes}, columns of {@code seeds}: cell (r, c) is seed c's image of class r. */
    public static BufferedImage classGrid(ImageGenerator generator, NDManager manager, long[] seeds, int[] classes) {
        long[] cellSeeds = new long[seeds.length * classes.length];
        int[] cellClasses = new int[cellSeeds.length];
        for (int r = 0; r < classes.length; r++) {
            for (int c = 0; c < seeds.length; c++) {
                cellSeeds[r * seeds.length + c] = seeds[c];
                cellClasses[r * seeds.length + c] = classes[r];
            }
        }
        return ImageFiles.grid(render(generator, manager, cellSeeds, cellClasses), seeds.length, 2);
    }

    /** Linear interpolation {@code a + t (b - a)}, the path StyleGAN measures in W (section 4.2). */
    public static float[] lerp(float[] a, float[] b, double t) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (a[i] + t * (b[i] - a[i]));
        }
        return out;
    }

    /**
     * Spherical linear interpolation (Shoemake 1985), the natural path between Gaussian latents:
     * {@code t = 0} gives {@code a}, {@code t = 1} gives {@code b}; nearly parallel vectors fall
     * back to linear interpolation.
     */
    public static float[] slerp(float[] a, float[] b, double t) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        double cos = Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
        double omega = Math.acos(cos);
        double wa, wb;
        if (Math.sin(omega) < 1e-6) {
            wa = 1 - t;
            wb = t;
        } else {
            wa = Math.sin((1 - t) * omega) / Math.sin(omega);
            wb = Math.sin(t * omega) / Math.sin(omega);
        }
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (wa * a[i] + wb * b[i]);
        }
        return out;
    }
}
