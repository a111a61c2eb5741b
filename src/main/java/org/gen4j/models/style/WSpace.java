package org.gen4j.models.style;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.function.UnaryOperator;
import org.gen4j.ops.Scalars;
import org.gen4j.train.StepRandom;

/**
 * The intermediate latent space W of style-based generators (StyleGAN, Karras et al. 2019,
 * sections 2 and 3): one w per synthesis layer, the tracked average w, style mixing during
 * training (section 3.1) and the truncation trick (section 3.1, appendix B).
 */
public final class WSpace {

    private final NDArray average; // [wDim]
    private final int numWs;
    private final double averageBeta;
    private final double mixingProbability;

    /**
     * @param numWs ws the synthesis network takes
     * @param averageBeta decay of the tracked average per mapping pass (0.995)
     * @param mixingProbability probability that a training sample mixes two latents (0.9)
     */
    public WSpace(NDManager manager, int wDim, int numWs, double averageBeta, double mixingProbability) {
        this.average = manager.zeros(new Shape(wDim));
        this.numWs = numWs;
        this.averageBeta = averageBeta;
        this.mixingProbability = mixingProbability;
    }

    /** The tracked average w, {@code [wDim]}; checkpointed by the model. */
    public NDArray average() {
        return average;
    }

    public int numWs() {
        return numWs;
    }

    /**
     * Training-time ws {@code [N, numWs, wDim]}: the average w moves towards this batch's mean (if tracked),
     * and with the mixing probability the layers from a random cutoff in {@code [1, activeWs)} on
     * take w from a second latent.
     *
     * @param activeWs the layers the synthesis network uses now: {@code numWs}, or fewer while a
     *     growing generator works below its final resolution (the official StyleGAN code draws the
     *     cutoff among these {@code cur_layers}, so that mixing always reaches a layer in use)
     * @param track whether this pass moves the average (stylegan2-ada: every training pass;
     *     stylegan3: the pass that makes D's fakes)
     */
    public NDArray training(UnaryOperator<NDArray> mapping, NDArray z, StepRandom random, int activeWs, boolean track) {
        if (activeWs < 2 || activeWs > numWs) {
            throw new IllegalArgumentException("active layers " + activeWs + " outside [2, " + numWs + "]");
        }
        NDArray w = mapping.apply(z);
        if (track) {
            NDArray mean = w.stopGradient().mean(new int[] {0});
            average.subi(mean).muli(averageBeta).addi(mean);
        }
        int cutoff = numWs;
        if (mixingProbability > 0) {
            int candidate = random.nextInt(1, activeWs);
            if (random.nextDouble() < mixingProbability) {
                cutoff = candidate;
            }
        }
        NDArray ws = broadcast(w, cutoff);
        if (cutoff < numWs) {
            NDArray w2 = mapping.apply(random.normal(z.getManager(), z.getShape().get(0), z.getShape().get(1)));
            ws = NDArrays.concat(new NDList(ws, broadcast(w2, numWs - cutoff)), 1);
        }
        return ws;
    }

    /**
     * Sampling-time ws: {@code w} for every layer, truncated in layers {@code [0, cutoff)} to
     * {@code average + psi (w - average)}.
     */
    public NDArray truncated(NDArray w, double psi, int cutoff) {
        NDArray ws = broadcast(w, numWs);
        if (psi == 1 || cutoff == 0) {
            return ws;
        }
        NDArray truncated = Scalars.mul(ws.sub(average), psi).add(average);
        if (cutoff >= numWs) {
            return truncated;
        }
        return NDArrays.concat(new NDList(truncated.get(":, :" + cutoff + ", :"), ws.get(":, " + cutoff + ":, :")), 1);
    }

    /** {@code [N, wDim] -> [N, layers, wDim]}. */
    public static NDArray broadcast(NDArray w, int layers) {
        return w.expandDims(1).repeat(1, layers);
    }
}
