package org.gen4j.nn;

import org.gen4j.ops.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A network part that owns parameters and sub-modules, declared in its constructor.
 *
 * <p>Parameters live on the manager given at construction (the model's long-lived manager) and
 * are updated in place by optimisers; everything a forward pass creates belongs to the caller's
 * per-step scope. Names are dotted paths ({@code "block8.conv1.weight"}), stable across runs,
 * and are the keys of checkpoints.
 */
public abstract class Module {

    private final Map<String, NDArray> ownParameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, NDArray> ownBuffers = new LinkedHashMap<>();
    private boolean training = true;

    /**
     * Switches this module and its descendants between training mode (the default: batch
     * normalisation uses batch statistics, spectral normalisation runs its power iteration) and
     * evaluation mode (stored statistics and singular vectors, nothing updated).
     */
    public final void setTraining(boolean on) {
        training = on;
        children.values().forEach(c -> c.setTraining(on));
    }

    /** Whether this module is in training mode (see {@link #setTraining}). */
    public final boolean isTraining() {
        return training;
    }

    /** Registers a trainable parameter; gradients are recorded for it. */
    protected final NDArray parameter(String name, NDArray value) {
        checkName(name);
        value.setRequiresGradient(true);
        ownParameters.put(name, value);
        return value;
    }

    /**
     * Registers a buffer: state that is saved and restored with the parameters but not trained
     * (e.g. StyleGAN2's fixed noise maps).
     */
    protected final NDArray buffer(String name, NDArray value) {
        checkName(name);
        ownBuffers.put(name, value);
        return value;
    }

    /** Registers a sub-module whose parameters appear under {@code name.}. */
    protected final <M extends Module> M child(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".") || ownParameters.containsKey(name) || children.containsKey(name)
                || ownBuffers.containsKey(name)) {
            throw new IllegalArgumentException("invalid or duplicate name: '" + name + "'");
        }
    }

    /** All parameters of this module and its descendants, in declaration order, by dotted name. */
    public final Map<String, NDArray> parameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        collect("", out);
        return Collections.unmodifiableMap(out);
    }

    /** Names of the parameters under the given direct children (e.g. the blocks a growth state uses). */
    public final java.util.List<String> parameterNames(java.util.Collection<String> childNames) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String name : parameters().keySet()) {
            int dot = name.indexOf('.');
            if (dot > 0 && childNames.contains(name.substring(0, dot))) {
                out.add(name);
            }
        }
        return out;
    }

    /** All buffers of this module and its descendants, by dotted name. */
    public final Map<String, NDArray> buffers() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        collectBuffers("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collectBuffers(String prefix, Map<String, NDArray> out) {
        ownBuffers.forEach((k, v) -> out.put(prefix + k, v));
        children.forEach((k, m) -> m.collectBuffers(prefix + k + ".", out));
    }

    /** Parameters and buffers together: everything {@link #load} restores. */
    public final Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>(parameters());
        out.putAll(buffers());
        return Collections.unmodifiableMap(out);
    }

    /** This module's descendants by dotted name, depth first in declaration order. */
    public final Map<String, Module> modules() {
        Map<String, Module> out = new LinkedHashMap<>();
        children.forEach((k, m) -> {
            out.put(k, m);
            m.modules().forEach((kk, mm) -> out.put(k + "." + kk, mm));
        });
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, NDArray> out) {
        ownParameters.forEach((k, v) -> out.put(prefix + k, v));
        children.forEach((k, m) -> m.collect(prefix + k + ".", out));
    }

    /**
     * Copies values into this module's parameters and buffers, in place.
     *
     * @throws IllegalArgumentException naming the first missing, unexpected or mis-shaped key
     */
    public final void load(Map<String, NDArray> values) {
        Map<String, NDArray> own = state();
        for (String key : values.keySet()) {
            if (!own.containsKey(key)) {
                throw new IllegalArgumentException("unexpected parameter '" + key + "'");
            }
        }
        for (Map.Entry<String, NDArray> e : own.entrySet()) {
            NDArray source = values.get(e.getKey());
            if (source == null) {
                throw new IllegalArgumentException("missing parameter '" + e.getKey() + "'");
            }
            Shape expected = e.getValue().getShape();
            if (!source.getShape().equals(expected)) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' has shape "
                        + source.getShape() + " but " + expected + " was expected");
            }
        }
        own.forEach((k, p) -> Parameters.assign(p, values.get(k)));
    }

    /** Initial values drawn from N(0, 1) with a seeded generator, so initialisation is reproducible. */
    protected static NDArray normal(NDManager manager, RandomGenerator rng, Shape shape) {
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return Scalars.fromHost(manager, v, shape);
    }
}
