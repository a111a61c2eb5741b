package org.gen4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.nn.Parameters;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1) with bias correction, updating parameters in place.
 * First and second moments live beside the parameters and are part of the checkpoint.
 */
public final class Adam {

    private final Map<String, NDArray> params;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private long t;

    /**
     * @param params the parameters it may update, by name; moments are allocated for all of them
     */
    public Adam(NDManager manager, Map<String, NDArray> params, double lr, double beta1, double beta2, double eps) {
        this.params = params;
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        params.forEach((k, p) -> {
            m.put(k, manager.zeros(p.getShape()));
            v.put(k, manager.zeros(p.getShape()));
        });
    }

    /**
     * One update of the parameters named in {@code active} from their accumulated gradients, which
     * are then reset to zero. Parameters that took no part in this step's graph are left out, so
     * their moments do not decay.
     */
    public void step(Iterable<String> active) {
        t++;
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (String name : active) {
                NDArray p = params.get(name);
                NDArray g = p.getGradient();
                NDArray mk = m.get(name), vk = v.get(name);
                mk.muli(beta1).addi(g.mul(1 - beta1));
                vk.muli(beta2).addi(g.square().muli(1 - beta2));
                NDArray denom = vk.div(bc2).sqrt().addi(eps);
                p.subi(mk.div(denom).muli(lr / bc1));
                JniUtils.zeroGrad((PtNDArray) p);
            }
        }
    }

    /** Updates every parameter. */
    public void step() {
        step(params.keySet());
    }

    /** Forgets the moments and the step count, as ProGAN does when new layers appear. */
    public void reset() {
        t = 0;
        for (NDArray a : m.values()) {
            a.muli(0);
        }
        for (NDArray a : v.values()) {
            a.muli(0);
        }
    }

    /** Changes the step size from the next update on (for schedules). */
    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    public long steps() {
        return t;
    }

    /** Moments by name, {@code prefix + "m." + param} and {@code prefix + "v." + param}. */
    public Map<String, NDArray> state(String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        m.forEach((k, a) -> out.put(prefix + "m." + k, a));
        v.forEach((k, a) -> out.put(prefix + "v." + k, a));
        return out;
    }

    /** Restores moments saved by {@link #state} and the step count. */
    public void load(String prefix, Map<String, NDArray> tensors, long steps) {
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
