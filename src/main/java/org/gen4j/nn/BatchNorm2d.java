package org.gen4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;
import org.gen4j.ops.Normalization;
import org.gen4j.ops.Shapes;

/**
 * Batch normalisation of feature maps with running statistics (buffers {@code running_mean},
 * {@code running_var}, PyTorch's momentum 0.1 and epsilon 1e-5) and, when affine, a learned
 * per-channel gain and bias. Training mode normalises by the batch's statistics, evaluation mode
 * by the running ones (see {@link Normalization#batchNorm}).
 *
 * <p>Standing statistics (BigGAN, Brock et al. 2019, appendix C.1): {@link #startStanding}
 * resets a separate pair of statistics that the following training-mode passes accumulate as an
 * exact average over passes; after {@link #useStanding} evaluation uses them instead of the
 * running statistics, which stay as they were, so a checkpoint never sees them.
 */
public final class BatchNorm2d extends Module {

    static final double MOMENTUM = 0.1;
    static final double EPS = 1e-5;

    private final int channels;
    private final NDArray runningMean;
    private final NDArray runningVar;
    private final NDArray gamma; // learned, or constant ones
    private final NDArray beta; // learned, or constant zeros
    private NDArray standingMean;
    private NDArray standingVar;
    private int standingPasses = -1; // -1: off; >= 0: accumulating
    private boolean useStanding;

    /** Without a learned affine map (the normalising half of conditional batch norm). */
    public BatchNorm2d(NDManager manager, int channels) {
        this(manager, null, channels, false, 0);
    }

    /**
     * @param affine whether a learned gain (starting at 1) and bias (starting at 0) follow
     * @param gainStd the gain starts as {@code N(1, gainStd^2)} instead of 1 (DCGAN's init: 0.02); needs {@code rng}
     */
    public BatchNorm2d(NDManager manager, RandomGenerator rng, int channels, boolean affine, double gainStd) {
        this.channels = channels;
        Shape c = new Shape(channels);
        this.runningMean = buffer("running_mean", manager.zeros(c));
        this.runningVar = buffer("running_var", manager.ones(c));
        NDArray ones = gainStd > 0 ? Init.normal(gainStd).draw(manager, rng, c).addi(1) : manager.ones(c);
        this.gamma = affine ? parameter("weight", ones) : ones;
        this.beta = affine ? parameter("bias", manager.zeros(c)) : manager.zeros(c);
    }

    /** {@code [N, C, H, W]} normalised per channel. */
    public NDArray forward(NDArray x) {
        Shapes.check(x, "batch norm input", Shapes.ANY, channels, Shapes.ANY, Shapes.ANY);
        if (standingPasses >= 0 && isTraining()) {
            standingPasses++;
            return Normalization.batchNorm(x, standingMean, standingVar, gamma, beta, true, 1.0 / standingPasses, EPS);
        }
        if (useStanding && !isTraining()) {
            return Normalization.batchNorm(x, standingMean, standingVar, gamma, beta, false, MOMENTUM, EPS);
        }
        return Normalization.batchNorm(x, runningMean, runningVar, gamma, beta, isTraining(), MOMENTUM, EPS);
    }

    /** Starts accumulating standing statistics over the training-mode passes that follow. */
    public void startStanding() {
        if (standingMean == null) {
            standingMean = runningMean.zerosLike();
            standingVar = runningVar.zerosLike();
        }
        standingMean.muli(0);
        standingVar.muli(0);
        standingPasses = 0;
    }

    /** Stops accumulating; evaluation mode uses the standing statistics from now on (or, with {@code false}, the running ones). */
    public void useStanding(boolean on) {
        if (on && (standingMean == null || standingPasses == 0)) {
            throw new IllegalStateException("no standing statistics were accumulated");
        }
        standingPasses = -1;
        useStanding = on;
    }

    public NDArray runningMean() {
        return runningMean;
    }

    public NDArray runningVar() {
        return runningVar;
    }
}
