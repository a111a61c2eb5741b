package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Resolution changes by factors of two, as ProGAN uses them (nearest-neighbour up, box-filter down). */
public final class Resample {

    private static final Shape TWO = new Shape(2, 2);
    private static final Shape ZERO = new Shape(0, 0);
    private static final int NEAREST = 0; // DJL's interpolation mode codes for torch's "nearest"
    private static final int BILINEAR = 2; // and "bilinear"

    private Resample() {}

    /**
     * Nearest-neighbour upsampling by 2: every pixel becomes a 2x2 block.
     *
     * @param x {@code [N, C, H, W]}
     * @return {@code [N, C, 2H, 2W]}
     */
    public static NDArray upsample2x(NDArray x) {
        Shape s = x.getShape();
        return x.getNDArrayInternal()
                .interpolation(new long[] {2 * s.get(2), 2 * s.get(3)}, NEAREST, false);
    }

    /**
     * Box-filter downsampling by 2: every 2x2 block becomes its mean (average pooling).
     *
     * @param x {@code [N, C, H, W]} with even H and W
     * @return {@code [N, C, H/2, W/2]}
     */
    public static NDArray downsample2x(NDArray x) {
        return x.getNDArrayInternal().avgPool(TWO, TWO, ZERO, false, true);
    }

    /**
     * Nearest-neighbour upsampling by an integer factor: every pixel becomes an {@code f x f} block
     * (VDVAE's unpooling, section 3).
     *
     * @param x {@code [N, C, H, W]}
     * @return {@code [N, C, fH, fW]}
     */
    public static NDArray upsample(NDArray x, int factor) {
        return factor == 1 ? x : x.repeat(2, factor).repeat(3, factor);
    }

    /**
     * Average pooling by an integer factor: every {@code f x f} block becomes its mean (VDVAE's
     * down-sampling, section 3).
     *
     * @param x {@code [N, C, H, W]} with H and W divisible by {@code factor}
     * @return {@code [N, C, H/f, W/f]}
     */
    public static NDArray downsample(NDArray x, int factor) {
        Shape k = new Shape(factor, factor);
        return factor == 1 ? x : x.getNDArrayInternal().avgPool(k, k, ZERO, false, true);
    }

    /**
     * Bilinear resizing to {@code size x size} (half-pixel centres, torch's
     * {@code align_corners=False}); halving a side averages 2x2 blocks exactly.
     */
    public static NDArray bilinear(NDArray x, int size) {
        return x.getNDArrayInternal().interpolation(new long[] {size, size}, BILINEAR, false);
    }

    /** Downsamples by 2 repeatedly until the spatial size is {@code size}. */
    public static NDArray downsampleTo(NDArray x, long size) {
        long h = x.getShape().get(2);
        if (h % size != 0 || Long.bitCount(h / size) != 1) {
            throw new IllegalArgumentException("cannot downsample " + h + " to " + size + " by factors of 2");
        }
        NDArray y = x;
        for (; h > size; h /= 2) {
            y = downsample2x(y);
        }
        return y;
    }

    /**
     * Linear interpolation {@code a + (b - a) t}, ProGAN's fade-in: {@code t = 0} gives {@code a},
     * {@code t = 1} gives {@code b}.
     */
    public static NDArray lerp(NDArray a, NDArray b, double t) {
        if (t == 0) {
            return a;
        }
        if (t == 1) {
            return b;
        }
        return Scalars.muli(b.sub(a), t).addi(a);
    }
}
