package org.gen4j.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * A first-order optimiser that updates parameters in place from their accumulated gradients and
 * keeps its per-parameter state as tensors, so that a checkpoint restores it exactly.
 */
public interface Optimizer {

    /**
     * One update of the parameters named in {@code active}, whose gradients are then reset to
     * zero. Parameters that took no part in this step's graph are left out, so their state does
     * not decay.
     */
    void step(Iterable<String> active);

    /** Updates every parameter. */
    void step();

    /** Forgets the per-parameter state and the step count (ProGAN does this when new layers appear). */
    void reset();

    /** Changes the step size from the next update on (for schedules such as a linear decay). */
    void setLearningRate(double lr);

    /** Updates made so far. */
    long steps();

    /** The per-parameter state tensors, by {@code prefix + kind + "." + parameter}. */
    Map<String, NDArray> state(String prefix);

    /** Restores what {@link #state} saved, and the step count. */
    void load(String prefix, Map<String, NDArray> tensors, long steps);
}
