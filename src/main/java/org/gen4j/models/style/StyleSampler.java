package org.gen4j.models.style;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.gen4j.Gen4jException;
import org.gen4j.nn.Embedding;
import org.gen4j.ops.Shapes;
import org.gen4j.train.ConditionalGenerator;
import org.gen4j.train.DescribedGenerator;
import org.gen4j.train.NoiseMode;
import org.gen4j.train.StepRandom;
import org.gen4j.train.StyleGenerator;

/**
 * The {@link StyleGenerator} of a style-based model: its moving-average mapping network,
 * truncation in its {@link WSpace}, and its synthesis network with fixed noise (or, via
 * {@link #withNoise}, fresh or no noise). A class-conditional model's mapping takes one-hot
 * classes beside z, and a mixture of classes (convex weights) renders through the same embedding
 * ({@link ConditionalGenerator}); truncation pulls towards the one tracked average w, as the
 * official StyleGAN2 and StyleGAN3 code does.
 */
public class StyleSampler extends DescribedGenerator implements StyleGenerator, ConditionalGenerator {

    private final String model;
    private final int wDim;
    private final WSpace wSpace;
    private final BinaryOperator<NDArray> mapping;
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
        this(model, zDim, 0, wDim, imageChannels, resolution, wSpace, (z, c) -> mapping.apply(z), null, synthesis, NoiseMode.CONST);
    }

    /**
     * A sampler of a model conditioned on {@code numClasses} classes (0: unconditional) whose
     * synthesis network takes per-pixel noise.
     *
     * @param mapping z {@code [N, zDim]} and one-hot classes {@code [N, numClasses]} ({@code null}
     *     when unconditional) to w {@code [N, wDim]}
     */
    public StyleSampler(String model, int zDim, int numClasses, int wDim, int imageChannels, int resolution, WSpace wSpace,
            BinaryOperator<NDArray> mapping, NoisySynthesis synthesis) {
        this(model, zDim, numClasses, wDim, imageChannels, resolution, wSpace, mapping, null, synthesis, NoiseMode.CONST);
    }

    /** A sampler of a model conditioned on {@code numClasses} classes (0: unconditional) without noise inputs. */
    public StyleSampler(String model, int zDim, int numClasses, int wDim, int imageChannels, int resolution, WSpace wSpace,
            BinaryOperator<NDArray> mapping, UnaryOperator<NDArray> synthesis) {
        this(model, zDim, numClasses, wDim, imageChannels, resolution, wSpace, mapping, synthesis, null, null);
    }

    private StyleSampler(String model, int zDim, int numClasses, int wDim, int imageChannels, int resolution, WSpace wSpace,
            BinaryOperator<NDArray> mapping, UnaryOperator<NDArray> synthesis, NoisySynthesis noisy, NoiseMode mode) {
        super(zDim, imageChannels, resolution, numClasses);
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
        this(model, zDim, 0, wDim, imageChannels, resolution, wSpace, (z, c) -> mapping.apply(z), synthesis, null, null);
    }

    /**
     * This sampler with its noise {@code mode}: {@link NoiseMode#RANDOM} draws fresh noise for
     * every synthesis call, from a stream that starts anew with each sampler this returns.
     */
    @Override
    public StyleGenerator withNoise(NoiseMode noise) {
        Gen4jException.check(noisy != null, "model %s has no per-pixel noise; drop --noise-mode.", model);
        return new StyleSampler(model, latentDim(), numClasses(), wDim, imageChannels(), resolution(), wSpace, mapping, null, noisy, noise);
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
        Gen4jException.check(cutoff >= 0 && cutoff <= numWs(), "the truncation cutoff %d is out of range; this model has layers 0 to %d.",
                cutoff, numWs() - 1);
        return wSpace.truncated(mapping.apply(latents, classWeights(classes)), psi, cutoff);
    }

    /** Images of latents {@code [N, zDim]} under class weights {@code [N, numClasses]} (one-hot rows: those classes), untruncated. */
    @Override
    public NDArray generateMixed(NDArray latents, NDArray classWeights) {
        Gen4jException.check(numClasses() > 0, "%s is unconditional; it has no classes to mix.", model);
        Shapes.check(classWeights, "class weights", Shapes.ANY, numClasses());
        return synthesis(wSpace.truncated(mapping.apply(latents, classWeights), 1, numWs()));
    }

    /** One-hot rows of class indices {@code [N]} for a conditional model, {@code null} for an unconditional one. */
    private NDArray classWeights(NDArray classes) {
        if (numClasses() == 0) {
            Gen4jException.check(classes == null, "%s is unconditional; it takes no class labels.", model);
            return null;
        }
        Gen4jException.check(classes != null, "%s is class-conditional; give each image a class.", model);
        for (long k : classes.toType(DataType.INT64, false).toLongArray()) {
            Gen4jException.check(k >= 0 && k < numClasses(), "class %d is out of range; %s has classes 0 to %d.", k, model, numClasses() - 1);
        }
        return Embedding.oneHot(classes, numClasses());
    }

    @Override
    public final NDArray synthesis(NDArray ws) {
        return noisy == null ? synthesis.apply(ws) : noisy.apply(ws, mode, mode == NoiseMode.RANDOM ? new StepRandom(1, calls++) : null);
    }
}
