package org.gen4j.models.style;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;
import org.gen4j.Gen4jException;
import org.gen4j.train.DescribedGenerator;
import org.gen4j.train.NoiseMode;
import org.gen4j.train.StepRandom;
import org.gen4j.train.StyleGenerator;

/**
 * The {@link StyleGenerator} of an unconditional style-based model: its moving-average mapping
 * network, truncation in its {@link WSpace}, and its synthesis network with fixed noise (or, via
 * {@link #withNoise}, fresh or no noise).
 */
public class StyleSampler extends DescribedGenerator implements StyleGenerator {

    private final String model;
    private final int wDim;
    private final WSpace wSpace;
    private final UnaryOperator<NDArray> mapping;
    private final UnaryOperator<NDArray> synthesis;
    private final NoisySynthesis noisy;
    private final NoiseMode mode;
    private long calls;

    /** A synthesis network with per-pixel noise: ws, where the noise comes from, and the stream for fresh noise. */
    @FunctionalInterface
    public interface NoisySynthesis {
        NDArray apply(NDArray ws, NoiseMode mode, StepRandom random);
    }

    /**
     * A sampler whose synthesis network takes per-pixel noise, fixed ({@link NoiseMode#CONST})
     * unless {@link #withNoise} says otherwise.
     */
    public StyleSampler(String model, int zDim, int wDim, int imageChannels, int resolution, WSpace wSpace,
            UnaryOperator<NDArray> mapping, NoisySynthesis synthesis) {
        this(model, zDim, wDim, imageChannels, resolution, wSpace, mapping, null, synthesis, NoiseMode.CONST);
    }

    private StyleSampler(String model, int zDim, int wDim, int imageChannels, int resolution, WSpace wSpace, UnaryOperator<NDArray> mapping,
            UnaryOperator<NDArray> synthesis, NoisySynthesis noisy, NoiseMode mode) {
        super(zDim, imageChannels, resolution, 0);
        this.model = model;
        this.wDim = wDim;
        this.wSpace = wSpace;
        this.mapping = mapping;
        this.synthesis = synthesis;
        this.noisy = noisy;
        this.mode = mode;
    }

    /**
     * @param model the model's name, for messages
     * @param mapping z {@code [N, zDim]} to w {@code [N, wDim]}
     * @param synthesis ws {@code [N, numWs, wDim]} to images at {@code resolution}
     */
    public StyleSampler(String model, int zDim, int wDim, int imageChannels, int resolution, WSpace wSpace,
            UnaryOperator<NDArray> mapping, UnaryOperator<NDArray> synthesis) {
        this(model, zDim, wDim, imageChannels, resolution, wSpace, mapping, synthesis, null, null);
    }

    /**
     * This sampler with its noise {@code mode}: {@link NoiseMode#RANDOM} draws fresh noise for
     * every synthesis call, from a stream that starts anew with each sampler this returns.
     */
    @Override
    public StyleGenerator withNoise(NoiseMode noise) {
        Gen4jException.check(noisy != null, "model %s has no per-pixel noise; drop --noise-mode.", model);
        return new StyleSampler(model, latentDim(), wDim, imageChannels(), resolution(), wSpace, mapping, null, noisy, noise);
    }

    @Override
    public final int numWs() {
        return wSpace.numWs();
    }

    @Override
    public final int wDim() {
        return wDim;
    }

    @Override
    public final NDArray mapping(NDArray latents, NDArray classes, double psi, int cutoff) {
        Gen4jException.check(classes == null, "%s is unconditional; it takes no class labels.", model);
        Gen4jException.check(cutoff >= 0 && cutoff <= numWs(), "the truncation cutoff %d is out of range; this model has layers 0 to %d.",
                cutoff, numWs() - 1);
        return wSpace.truncated(mapping.apply(latents), psi, cutoff);
    }

    @Override
    public final NDArray synthesis(NDArray ws) {
        return noisy == null ? synthesis.apply(ws) : noisy.apply(ws, mode, mode == NoiseMode.RANDOM ? new StepRandom(1, calls++) : null);
    }
}
