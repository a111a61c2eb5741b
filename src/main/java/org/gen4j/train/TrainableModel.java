package org.gen4j.train;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A model as the shared {@link TrainingLoop} sees it. The loop knows nothing else about it: it
 * feeds minibatches, logs what {@link #step} returns, saves what {@link #stateTensors} and
 * {@link #stateJson} return, and samples {@link #generator()}.
 *
 * <p>Implementations keep parameters and optimiser state on their own manager and create
 * per-step temporaries freely: the loop runs every call inside a scope that closes them.
 */
public interface TrainableModel extends AutoCloseable {

    /**
     * Positions the model's schedules (growth, fade-in, ramps) at {@code imagesSeen} real images
     * shown so far. Called before every step, and before sampling.
     */
    void schedule(long imagesSeen);

    /**
     * One training iteration.
     *
     * @param reals real images {@code [N, C, R, R]} in [-1, 1] at the dataset's full resolution
     * @param classes their class indices {@code [N]} (int64), or {@code null} when unlabelled
     * @param random this step's random stream, a pure function of the run seed and step index
     * @return named scalars to log, losses first (e.g. {@code "loss_D"}, {@code "loss_G"})
     */
    Map<String, Double> step(NDArray reals, NDArray classes, StepRandom random);

    /**
     * {@link #step(NDArray, NDArray, StepRandom)} told which dataset images the minibatch holds:
     * what the loop calls, for models that draw more from the data than the minibatch (IC-GAN's
     * instance neighbourhoods). Others ignore the indices.
     *
     * @param indices the images' indices in the training set, in the minibatch's order
     */
    default Map<String, Double> step(NDArray reals, NDArray classes, int[] indices, StepRandom random) {
        return step(reals, classes, random);
    }

    /**
     * Parts of a training step that {@code gen4j bench} also times on their own (e.g. a lazy
     * regulariser's pass), by name; each runs on the given reals and random stream. Empty when
     * the step has no such parts.
     */
    default Map<String, BiConsumer<NDArray, StepRandom>> benchPhases() {
        return Map.of();
    }

    /** What the progress line shows besides losses, e.g. {@code res=16, alpha=0.42}. */
    Map<String, Object> status();

    /** The generator to sample from: the exponential moving average where the model keeps one. */
    ImageGenerator generator();

    /** Every tensor needed to continue exactly (parameters, EMA, optimiser moments), by stable name. */
    Map<String, NDArray> stateTensors();

    /** Non-tensor state needed to continue exactly (optimiser step counts, schedule memory). */
    JsonObject stateJson();

    /** Restores what {@link #stateTensors} and {@link #stateJson} saved. */
    void loadState(Map<String, NDArray> tensors, JsonObject json);

    @Override
    void close();
}
