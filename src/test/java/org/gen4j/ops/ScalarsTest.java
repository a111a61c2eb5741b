package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Products with numbers must keep their number alive until the backward pass, whatever the
 * garbage collector does in between (DJL's {@code mul(Number)} does not; see {@link Scalars}).
 */
class ScalarsTest {

    /** Runs the collector and reuses freed native memory, so a dangling number would be overwritten. */
    static void churn() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            List<ByteBuffer> junk = new ArrayList<>();
            for (int i = 0; i < 256; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(64);
                while (b.hasRemaining()) {
                    b.put((byte) 0x7f);
                }
                junk.add(b);
            }
        }
    }

    @Test
    void gradientOfAProductWithANumberSurvivesGarbageCollection() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int trial = 0; trial < 5; trial++) {
                NDArray w = m.randomNormal(new Shape(3, 4));
                NDArray x = m.randomNormal(new Shape(3, 4));
                w.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = Scalars.mul(w, 3.5).mul(x);
                    NDArray z = Scalars.muli(y.sum(new int[] {1}), -2);
                    churn();
                    gc.backward(z.sum());
                }
                float[] g = w.getGradient().toFloatArray(), xs = x.toFloatArray();
                for (int i = 0; i < g.length; i++) {
                    assertThat(g[i]).isEqualTo(-7f * xs[i]);
                }
            }
        }
    }

    @Test
    void hostDataIsCopiedIntoMemoryTheTensorOwns() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] data = {1, 2, 3};
            NDArray t = Scalars.fromHost(m, data, new Shape(3));
            data[0] = 100;
            churn();
            assertThat(t.toFloatArray()).containsExactly(1, 2, 3);
        }
    }
}
