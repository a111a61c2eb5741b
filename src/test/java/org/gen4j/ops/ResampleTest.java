package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResampleTest {

    static NDManager m;

    @BeforeAll
    static void init() {
        m = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        m.close();
    }

    @Test
    void upsampleRepeatsEveryPixelAsA2x2Block() {
        NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        float[] y = Resample.upsample2x(x).toFloatArray();
        assertThat(y).containsExactly(
                1, 1, 2, 2,
                1, 1, 2, 2,
                3, 3, 4, 4,
                3, 3, 4, 4);
    }

    @Test
    void downsampleAveragesEach2x2Block() {
        NDArray x = m.create(new float[] {
            1, 2, 5, 6,
            3, 4, 7, 8,
            0, 0, 1, 1,
            0, 4, 1, 1}, new Shape(1, 1, 4, 4));
        assertThat(Resample.downsample2x(x).toFloatArray()).containsExactly(2.5f, 6.5f, 1f, 1f);
        assertThat(Resample.downsampleTo(x, 1).toFloatArray()).containsExactly(2.75f);
    }

    @Test
    void downsampleUndoesUpsample() {
        NDArray x = m.randomNormal(new Shape(2, 3, 4, 4));
        assertThat(Resample.downsample2x(Resample.upsample2x(x)).toFloatArray()).containsExactly(x.toFloatArray());
    }

    @Test
    void downsampleToRejectsNonPowerOfTwoFactors() {
        NDArray x = m.zeros(new Shape(1, 1, 12, 12));
        assertThatThrownBy(() -> Resample.downsampleTo(x, 8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lerpHitsBothEndsAndTheMiddle() {
        NDArray a = m.create(new float[] {0, 2}), b = m.create(new float[] {4, -2});
        assertThat(Resample.lerp(a, b, 0).toFloatArray()).containsExactly(0, 2);
        assertThat(Resample.lerp(a, b, 1).toFloatArray()).containsExactly(4, -2);
        assertThat(Resample.lerp(a, b, 0.25).toFloatArray()).containsExactly(1, 1);
    }

    @Test
    void integerFactorsRepeatPixelsUpAndAverageBlocksDown() {
        NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        NDArray up = Resample.upsample(x, 3);
        assertThat(up.getShape()).isEqualTo(new Shape(1, 1, 6, 6));
        float[] u = up.toFloatArray();
        assertThat(u[0]).isEqualTo(1);
        assertThat(u[2]).isEqualTo(1);
        assertThat(u[3]).isEqualTo(2);
        assertThat(u[3 * 6 + 2]).isEqualTo(3);
        assertThat(u[35]).isEqualTo(4);
        float[] down = Resample.downsample(m.arange(16f).reshape(1, 1, 4, 4), 4).toFloatArray();
        assertThat(down).containsExactly(7.5f);
        assertThat(Resample.upsample(x, 1)).isSameAs(x);
    }
}
