package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.gen4j.train.StepRandom;

/**
 * CutMix of real and generated images (Yun et al. 2019) as U-Net GAN uses it (Schonfeld et al.,
 * CVPR 2020, section 3.2; the authors' {@code mixup.py}): per sample, {@code lambda ~ Beta(1, 1)}
 * (uniform), a square box of side {@code int(R sqrt(1 - lambda))} centred at a uniformly drawn
 * pixel and clipped at the borders is cut out of a mask of ones, and with probability 1/2 the mask
 * is inverted. {@code M = 1} marks the pixels taken from the real image.
 */
public final class CutMix {

    private CutMix() {}

    /** Masks {@code [N, 1, R, R]} of 0s and 1s, drawn from {@code random}. */
    public static NDArray masks(NDManager m, int n, int side, StepRandom random) {
        float[] v = new float[n * side * side];
        for (int i = 0; i < n; i++) {
            double lambda = random.nextDouble();
            int box = (int) (side * Math.sqrt(1 - lambda));
            int cx = random.nextInt(0, side), cy = random.nextInt(0, side);
            int x1 = clip(cx - box / 2, side), x2 = clip(cx + box / 2, side);
            int y1 = clip(cy - box / 2, side), y2 = clip(cy + box / 2, side);
            boolean invert = random.nextDouble() < 0.5;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    boolean inBox = x >= x1 && x < x2 && y >= y1 && y < y2;
                    v[(i * side + y) * side + x] = inBox == invert ? 1f : 0f;
                }
            }
        }
        return Scalars.fromHost(m, v, new Shape(n, 1, side, side));
    }

    /** {@code M x + (1 - M) y}: the pixels of {@code x} where the mask is 1, of {@code y} elsewhere (any channels). */
    public static NDArray mix(NDArray x, NDArray y, NDArray masks) {
        return y.add(x.sub(y).mul(masks));
    }

    /**
     * U-Net GAN's consistency regulariser (equation 6): {@code ||D(mix(x, y, M)) - mix(D(x), D(y), M)||^2},
     * the mean squared difference between the decoder's per-pixel logits of the mixed images and
     * the same mix of its logits of the two sources.
     *
     * @param ofMixed {@code [N, 1, R, R]} logits of the mixed images
     * @param ofX logits of the images where {@code M = 1}
     * @param ofY logits of the images where {@code M = 0}
     */
    public static NDArray consistency(NDArray ofMixed, NDArray ofX, NDArray ofY, NDArray masks) {
        return ofMixed.sub(mix(ofX, ofY, masks)).square().mean();
    }

    private static int clip(int v, int side) {
        return Math.max(0, Math.min(side, v));
    }
}
