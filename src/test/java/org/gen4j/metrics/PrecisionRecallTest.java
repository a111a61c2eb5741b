package org.gen4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class PrecisionRecallTest {

    @Test
    void identicalSetsHaveFullPrecisionAndRecall() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(300, 6));
            PrecisionRecall.Result r = PrecisionRecall.compute(a, a.duplicate(), 3);
            assertThat(r.precision()).isEqualTo(1.0);
            assertThat(r.recall()).isEqualTo(1.0);
        }
    }

    @Test
    void farApartSetsHaveNone() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(200, 6));
            PrecisionRecall.Result r = PrecisionRecall.compute(a, m.randomNormal(new Shape(200, 6)).add(100), 3);
            assertThat(r.precision()).isZero();
            assertThat(r.recall()).isZero();
        }
    }

    /**
     * One dimension. Real {0, 1, 2, 3, 10}: third-neighbour distances 3, 2, 2, 3, 9, so the real
     * manifold covers [-3, 19]. Fake {0.5, 1.5, 2.5, 3.5, 30}: radii 3, 2, 2, 3, 28.5, covering
     * [-2.5, 58.5]. Precision: 4 of 5 fakes (not 30) = 0.8. Recall: all five reals = 1.
     */
    @Test
    void matchesAHandComputedCase() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray real = m.create(new float[] {0, 1, 2, 3, 10}, new Shape(5, 1));
            NDArray fake = m.create(new float[] {0.5f, 1.5f, 2.5f, 3.5f, 30}, new Shape(5, 1));
            assertThat(PrecisionRecall.kthNeighbourDistances(real, 3).toFloatArray()).containsExactly(9, 4, 4, 9, 81);
            PrecisionRecall.Result r = PrecisionRecall.compute(real, fake, 3);
            assertThat(r.precision()).isCloseTo(0.8, within(1e-12));
            assertThat(r.recall()).isCloseTo(1.0, within(1e-12));
        }
    }
}
