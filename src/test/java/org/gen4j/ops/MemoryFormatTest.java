package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class MemoryFormatTest {

    /** Only the layout in memory changes: shape, values, host copies and results are the same. */
    @Test
    void channelsLastKeepsShapeValuesAndResults() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 5, 3, 4));
            NDArray w = m.randomNormal(new Shape(6, 5, 3, 3));
            NDArray xc = MemoryFormat.channelsLast(x), wc = MemoryFormat.channelsLast(w);
            assertThat(xc.getShape()).isEqualTo(x.getShape());
            assertThat(xc.toFloatArray()).containsExactly(x.toFloatArray());
            assertThat(xc.getFloat(1, 2, 0, 3)).isEqualTo(x.getFloat(1, 2, 0, 3));
            float[] plain = Conv.conv2d(x, w, null, 1).toFloatArray();
            float[] fast = Conv.conv2d(xc, wc, null, 1).toFloatArray();
            for (int i = 0; i < plain.length; i++) {
                assertThat(fast[i]).isCloseTo(plain[i], org.assertj.core.api.Assertions.within(1e-4f));
            }
        }
    }
}
