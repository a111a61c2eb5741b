package org.gen4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gen4j.nn.Parameters;
import org.gen4j.ops.Foreach;

/**
 * The bookkeeping every optimiser here shares: per-parameter state tensors in named slots (Adam's
 * {@code m} and {@code v}, RMSProp's {@code v}) allocated beside the parameters, the step count,
 * the update loop in its own scope, and saving and restoring the state. Subclasses give the
 * update rule.
 */
public abstract class TensorOptimizer implements Optimizer {

    private final Map<String, NDArray> params;
    private final List<String> slots;
    private final Map<String, NDArray[]> state = new LinkedHashMap<>();
    private long t;

    /**
     * @param params the parameters it may update, by name
     * @param slots names of the state tensors kept per parameter, each shaped like the parameter
     */
    protected TensorOptimizer(NDManager manager, Map<String, NDArray> params, List<String> slots) {
        this.params = params;
        this.slots = List.copyOf(slots);
        params.forEach((k, p) -> {
            NDArray[] s = new NDArray[slots.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = manager.zeros(p.getShape());
            }
            state.put(k, s);
        });
    }

    /**
     * Updates {@code params} in place, all at once (see {@link Foreach}).
     *
     * @param grads their gradients, in the same order
     * @param slotState per slot, in the order of the slot names, the parameters' state tensors in
     *     the same order, updated in place
     * @param step the 1-based index of this update
     */
    protected abstract void update(List<NDArray> params, List<NDArray> grads, List<List<NDArray>> slotState, long step);

    @Override
    public final void step(Iterable<String> active) {
        t++;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            List<NDArray> ps = new ArrayList<>(), grads = new ArrayList<>();
            List<List<NDArray>> slotState = new ArrayList<>();
            for (int i = 0; i < slots.size(); i++) {
                slotState.add(new ArrayList<>());
            }
            for (String name : active) {
                NDArray p = params.get(name);
                ps.add(p);
                grads.add(p.getGradient());
                NDArray[] s = state.get(name);
                for (int i = 0; i < s.length; i++) {
                    slotState.get(i).add(s[i]);
                }
            }
            if (!ps.isEmpty()) {
                update(ps, grads, slotState, t);
                Foreach.zero(grads);
            }
        }
    }

    @Override
    public final void step() {
        step(params.keySet());
    }

    @Override
    public final void reset() {
        t = 0;
        for (NDArray[] s : state.values()) {
            for (NDArray a : s) {
                a.muli(0);
            }
        }
    }

    @Override
    public final long steps() {
        return t;
    }

    /** State by name, {@code prefix + slot + "." + param}, e.g. {@code optG.m.mapping.fc0.weight}. */
    @Override
    public final Map<String, NDArray> state(String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            for (Map.Entry<String, NDArray[]> e : state.entrySet()) {
                out.put(prefix + slots.get(i) + "." + e.getKey(), e.getValue()[i]);
            }
        }
        return out;
    }

    @Override
    public final void load(String prefix, Map<String, NDArray> tensors, long steps) {
        for (Map.Entry<String, NDArray> e : state(prefix).entrySet()) {
            NDArray src = tensors.get(e.getKey());
            if (src == null) {
                throw new IllegalArgumentException("missing optimiser state '" + e.getKey() + "'");
            }
            Parameters.assign(e.getValue(), src);
        }
        t = steps;
    }
}
