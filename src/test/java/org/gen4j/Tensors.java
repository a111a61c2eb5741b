package org.gen4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.assertj.core.data.Offset;
import org.gen4j.nn.Parameters;

/** Test helpers for comparing tensors and checking gradients. */
public final class Tensors {

    private Tensors() {}

    /** ||a - b|| / ||b||, computed in double precision on the JVM. */
    public static double relativeError(NDArray a, NDArray b) {
        double[] x = a.toType(DataType.FLOAT64, false).toDoubleArray();
        double[] y = b.toType(DataType.FLOAT64, false).toDoubleArray();
        assertThat(x.length).isEqualTo(y.length);
        double num = 0, den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - y[i]) * (x[i] - y[i]);
            den += y[i] * y[i];
        }
        return Math.sqrt(num / Math.max(den, 1e-300));
    }

    /** The largest absolute elementwise difference. */
    public static double maxAbsDiff(NDArray a, NDArray b) {
        double[] x = a.toType(DataType.FLOAT64, false).toDoubleArray();
        double[] y = b.toType(DataType.FLOAT64, false).toDoubleArray();
        assertThat(x.length).isEqualTo(y.length);
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }

    /**
     * Checks the gradients of {@code sum(f())} with respect to elements 0 and 5 of each named
     * parameter against central finite differences (step 1e-3 times the parameter's root mean
     * square where that exceeds 1, as for weights stored divided by a learning-rate multiplier;
     * tolerance 3% + 1e-4; where that misses, a second difference at ten times the step, whose
     * float32 rounding noise is a tenth, must match instead), and that at least one of them is far
     * from zero. {@code f} must be deterministic and is evaluated
     * while gradients are recorded.
     */
    public static void checkGradients(Map<String, NDArray> params, List<String> names, Supplier<NDArray> f) {
        Map<String, Double> analytic = new LinkedHashMap<>();
        Parameters.zeroGradients(params.values());
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(f.get().sum());
        }
        for (String name : names) {
            assertThat(params).as("parameters").containsKey(name);
            for (int index : new int[] {0, 5}) {
                NDArray p = params.get(name);
                double eps = 1e-3 * Math.max(1, p.square().mean().sqrt().getFloat());
                double g = p.getGradient().toFloatArray()[index];
                double fd = finiteDifference(p, index, eps, () -> evaluate(f));
                analytic.put(name + "[" + index + "]", g);
                if (Math.abs(g - fd) <= 0.03 * Math.abs(fd) + 1e-4) {
                    continue;
                }
                // float32 rounding of the sums can swamp a small gradient at eps; ten times eps has a tenth of that noise
                double wide = finiteDifference(p, index, 10 * eps, () -> evaluate(f));
                assertThat(g).as("d/d %s[%d] (finite differences %s at eps %s, %s at 10 eps)", name, index, fd, eps, wide)
                        .isCloseTo(wide, Offset.offset(0.03 * Math.abs(wide) + 1e-4));
            }
        }
        assertThat(analytic.values()).anyMatch(v -> Math.abs(v) > 1e-3);
    }

    /** Central differences of {@code f} in one element of {@code p}. */
    private static double finiteDifference(NDArray p, int index, double eps, Supplier<Double> f) {
        float[] v = p.toFloatArray();
        float orig = v[index];
        v[index] = (float) (orig + eps);
        Parameters.assign(p, p.getManager().create(v, p.getShape()));
        double plus = f.get();
        v[index] = (float) (orig - eps);
        Parameters.assign(p, p.getManager().create(v, p.getShape()));
        double minus = f.get();
        v[index] = orig;
        Parameters.assign(p, p.getManager().create(v, p.getShape()));
        return (plus - minus) / (2 * eps);
    }

    /** {@code sum(f())}, summed in double precision on the JVM so the difference of two sums keeps its digits. */
    private static double evaluate(Supplier<NDArray> f) {
        try (GradientCollector unused = Engine.getInstance().newGradientCollector()) {
            double sum = 0;
            for (float v : f.get().toFloatArray()) {
                sum += v;
            }
            return sum;
        }
    }
}
