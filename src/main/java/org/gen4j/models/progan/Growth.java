package org.gen4j.models.progan;

import ai.djl.ndarray.NDArray;
import org.gen4j.ops.Resample;

/**
 * Where progressive growing stands (Karras et al. 2018, section 3 and figure 2): the networks
 * work at {@code resolution}; while {@code alpha < 1} the newest block at that resolution is
 * fading in, blended with the upsampled (in G) or downsampled (in D) output of the previous one.
 */
public record Growth(int resolution, double alpha) {

    public Growth {
        if (resolution < 4 || Integer.bitCount(resolution) != 1 || alpha < 0 || alpha > 1) {
            throw new IllegalArgumentException("invalid growth state " + resolution + ", alpha " + alpha);
        }
    }

    public boolean fading() {
        return alpha < 1;
    }

    /**
     * Real images at this state's resolution: box-downsampled, and during a fade-in blended with
     * their own half-resolution version by alpha, as the generator's output is (official code's
     * {@code process_reals}; StyleGAN keeps it).
     *
     * @param reals {@code [N, C, R, R]} at the dataset's full resolution
     */
    public NDArray reals(NDArray reals) {
        NDArray x = Resample.downsampleTo(reals, resolution);
        if (!fading()) {
            return x;
        }
        return Resample.lerp(Resample.upsample2x(Resample.downsample2x(x)), x, alpha);
    }

    /**
     * The schedule of the paper: train {@code stableKimg} at 4x4, then for each doubling fade in
     * over {@code fadeKimg} and stabilise over {@code stableKimg}, until {@code finalResolution}.
     */
    public static Growth at(long imagesSeen, double stableKimg, double fadeKimg, int finalResolution) {
        double kimg = imagesSeen / 1000.0;
        double phaseLength = stableKimg + fadeKimg;
        int phase = (int) Math.floor(kimg / phaseLength);
        int levels = Integer.numberOfTrailingZeros(finalResolution) - 2;
        if (phase >= levels) {
            return new Growth(finalResolution, 1);
        }
        double intoPhase = kimg - phase * phaseLength;
        int res = 4 << phase;
        if (intoPhase < stableKimg) {
            return new Growth(res, 1);
        }
        return new Growth(res * 2, (intoPhase - stableKimg) / fadeKimg);
    }

    /** Images seen at the middle of the last fade-in, where {@code gen4j bench} times a step. */
    public static long lastFadeMidpoint(double stableKimg, double fadeKimg, int finalResolution) {
        int levels = Integer.numberOfTrailingZeros(finalResolution) - 2;
        if (levels == 0) {
            return 0;
        }
        double kimg = (levels - 1) * (stableKimg + fadeKimg) + stableKimg + fadeKimg / 2;
        return Math.round(kimg * 1000);
    }
}
