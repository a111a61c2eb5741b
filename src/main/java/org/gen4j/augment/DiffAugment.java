package org.gen4j.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.stream.Collectors;
import org.gen4j.ops.Scalars;
import org.gen4j.train.StepRandom;

/**
 * DiffAugment (Zhao, Liu, Lin, Zhu, Han, "Differentiable Augmentation for Data-Efficient GAN
 * Training", NeurIPS 2020, section 3 and its released policies): the same kinds of random,
 * differentiable transforms applied to real and fake images before D, parameters drawn per sample.
 * Policies run in the order given:
 * <ul>
 *   <li>{@code color}: brightness {@code x + (u - 1/2)}, saturation {@code (x - mean_c) 2u + mean_c},
 *       contrast {@code (x - mean_chw)(u + 1/2) + mean_chw}, {@code u ~ U[0, 1)} per sample and
 *       per transform. On grayscale images saturation is the identity (the channel mean is the image).</li>
 *   <li>{@code translation}: an integer shift of up to 1/8 of the side on each axis
 *       ({@code round(side / 8)} pixels), zeros shifted in.</li>
 *   <li>{@code cutout}: a square of half the side (rounded) set to 0 at a uniform centre, clipped at
 *       the borders.</li>
 * </ul>
 *
 * @param policies the transforms, in the order applied; empty: the identity
 */
public record DiffAugment(List<Policy> policies) implements Augmenter {

    /** DiffAugment's transform families. */
    public enum Policy {
        COLOR, TRANSLATION, CUTOUT;

        String cliName() {
            return name().toLowerCase();
        }
    }

    /** The paper's policy for small data: color, translation, cutout. */
    public static final List<Policy> ALL = List.of(Policy.COLOR, Policy.TRANSLATION, Policy.CUTOUT);

    public DiffAugment {
        policies = List.copyOf(policies);
    }

    @Override
    public NDArray apply(NDArray images, StepRandom random) {
        NDArray x = images;
        for (Policy p : policies) {
            x = switch (p) {
                case COLOR -> color(x, random);
                case TRANSLATION -> translation(x, random, 0.125);
                case CUTOUT -> cutout(x, random, 0.5);
            };
        }
        return x;
    }

    @Override
    public String spec() {
        return "diffaug=" + policies.stream().map(Policy::cliName).collect(Collectors.joining(","));
    }

    /** Brightness, saturation, contrast, in that order. */
    static NDArray color(NDArray x, StepRandom random) {
        NDManager m = x.getManager();
        int n = (int) x.getShape().get(0);
        NDArray brightness = perSample(m, n, i -> random.nextDouble() - 0.5);
        x = x.add(brightness);
        NDArray meanC = x.mean(new int[] {1}, true);
        NDArray saturation = perSample(m, n, i -> random.nextDouble() * 2);
        x = x.sub(meanC).mul(saturation).add(meanC);
        NDArray meanAll = x.reshape(n, -1).mean(new int[] {1}, true).reshape(n, 1, 1, 1);
        NDArray contrast = perSample(m, n, i -> random.nextDouble() + 0.5);
        return x.sub(meanAll).mul(contrast).add(meanAll);
    }

    /** Integer shift by up to {@code round(side * ratio)} pixels per axis, zero fill. */
    static NDArray translation(NDArray x, StepRandom random, double ratio) {
        Shape s = x.getShape();
        int n = (int) s.get(0), h = (int) s.get(2), w = (int) s.get(3);
        int maxX = (int) (w * ratio + 0.5), maxY = (int) (h * ratio + 0.5);
        double[] sx = new double[n * h * w], sy = new double[n * h * w];
        for (int b = 0; b < n; b++) {
            int tx = random.nextInt(-maxX, maxX + 1), ty = random.nextInt(-maxY, maxY + 1);
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    sx[(b * h + i) * w + j] = j + tx;
                    sy[(b * h + i) * w + j] = i + ty;
                }
            }
        }
        return Resampling.bilinear(x, sx, sy, false);
    }

    /** A {@code round(side * ratio)} square zeroed around a uniform centre, per sample. */
    static NDArray cutout(NDArray x, StepRandom random, double ratio) {
        Shape s = x.getShape();
        int n = (int) s.get(0), h = (int) s.get(2), w = (int) s.get(3);
        int sizeX = (int) (w * ratio + 0.5), sizeY = (int) (h * ratio + 0.5);
        float[] mask = new float[n * h * w];
        java.util.Arrays.fill(mask, 1f);
        for (int b = 0; b < n; b++) {
            int ox = random.nextInt(0, w + (1 - sizeX % 2)), oy = random.nextInt(0, h + (1 - sizeY % 2));
            for (int i = Math.max(0, oy - sizeY / 2); i < Math.min(h, oy - sizeY / 2 + sizeY); i++) {
                for (int j = Math.max(0, ox - sizeX / 2); j < Math.min(w, ox - sizeX / 2 + sizeX); j++) {
                    mask[(b * h + i) * w + j] = 0;
                }
            }
        }
        return x.mul(Scalars.fromHost(x.getManager(), mask, new Shape(n, 1, h, w)));
    }

    private static NDArray perSample(NDManager m, int n, java.util.function.IntToDoubleFunction value) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) value.applyAsDouble(i);
        }
        return Scalars.fromHost(m, v, new Shape(n, 1, 1, 1));
    }
}
