package org.gen4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
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
     * The latent of seed {@code s}: {@code dim} standard normal values from a generator seeded
     * with {@code s}, the same in every call and on every device.
     */
    public static float[] latent(long seed, int dim) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] z = new float[dim];
        for (int j = 0; j < dim; j++) {
            z[j] = (float) r.nextGaussian();
        }
        return z;
    }

    /** One image per seed. */
    public static List<BufferedImage> render(ImageGenerator generator, NDManager manager, long[] seeds, int classLabel) {
        List<float[]> latents = new ArrayList<>(seeds.length);
        for (long s : seeds) {
            latents.add(latent(s, generator.latentDim()));
        }
        return render(generator, manager, latents, classLabel);
    }

    /**
     * Images {@code [N, C, R, R]} for at most a few dozen latents, created in the caller's scope.
     *
     * @param classLabel the class for every image of a conditional generator, or -1
     */
    public static NDArray generate(ImageGenerator generator, NDManager manager, List<float[]> latents, int classLabel) {
        int dim = generator.latentDim(), n = latents.size();
        float[] z = new float[n * dim];
        for (int k = 0; k < n; k++) {
            System.arraycopy(latents.get(k), 0, z, k * dim, dim);
        }
        NDArray classes = classLabel < 0 ? null : manager.full(new Shape(n), classLabel, DataType.INT64);
        return generator.generate(manager.create(z, new Shape(n, dim)), classes);
    }

    /**
     * One image per latent.
     *
     * @param classLabel the class for every image of a conditional generator, or -1
     */
    public static List<BufferedImage> render(ImageGenerator generator, NDManager manager, List<float[]> latents, int classLabel) {
        List<BufferedImage> out = new ArrayList<>(latents.size());
        for (int i = 0; i < latents.size(); i += BATCH) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                List<float[]> chunk = latents.subList(i, Math.min(latents.size(), i + BATCH));
                out.addAll(ImageFiles.toImages(generate(generator, manager, chunk, classLabel)));
            }
        }
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

    /** A square-ish grid of {@link #render} images with a 2-pixel gap. */
    public static BufferedImage grid(ImageGenerator generator, NDManager manager, long[] seeds, int classLabel) {
        return ImageFiles.grid(render(generator, manager, seeds, classLabel), ImageFiles.squareColumns(seeds.length), 2);
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
