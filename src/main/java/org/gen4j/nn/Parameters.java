package org.gen4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Collection;
import java.util.Map;

/** Operations over collections of parameters: copying, zeroing gradients, trainability. */
public final class Parameters {

    private static final NDIndex ALL = new NDIndex(":");

    private Parameters() {}

    /** Overwrites {@code target}'s values with {@code source}'s, in place and outside the graph. */
    public static void assign(NDArray target, NDArray source) {
        try (NDArray onDevice = source.toDevice(target.getDevice(), true)) {
            target.set(ALL, onDevice);
        }
    }

    /** {@code target[k] := source[k]} for every name; the maps must have the same keys. */
    public static void copy(Map<String, NDArray> source, Map<String, NDArray> target) {
        if (!source.keySet().equals(target.keySet())) {
            throw new IllegalArgumentException("parameter names differ: " + source.keySet() + " vs " + target.keySet());
        }
        source.forEach((k, v) -> assign(target.get(k), v));
    }

    /** Resets accumulated gradients to zero. */
    public static void zeroGradients(Collection<NDArray> params) {
        for (NDArray p : params) {
            JniUtils.zeroGrad((PtNDArray) p);
        }
    }

    /**
     * Turns gradient recording on or off for {@code params}; a generator step freezes the
     * discriminator this way so its weight gradients are not computed at all.
     */
    public static void setTrainable(Collection<NDArray> params, boolean trainable) {
        for (NDArray p : params) {
            JniUtils.attachGradient((PtNDArray) p, trainable);
        }
    }

    /** The entries whose names start with {@code prefix}, with the prefix removed (one network's part of a checkpoint). */
    public static Map<String, NDArray> withPrefix(Map<String, NDArray> all, String prefix) {
        Map<String, NDArray> out = new java.util.LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /**
     * Clips every value of {@code params} to {@code [-c, c]} in place: WGAN's weight clipping
     * (Arjovsky et al. 2017, Algorithm 1), which keeps the critic in a compact set of functions.
     */
    public static void clip(Collection<NDArray> params, double c) {
        for (NDArray p : params) {
            try (NDArray clipped = p.clip(-c, c)) {
                p.set(ALL, clipped);
            }
        }
    }
}
