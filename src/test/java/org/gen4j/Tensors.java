package org.gen4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Test helpers for comparing tensors. */
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
}
