package org.gen4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NeighbourhoodsTest {

    @Test
    void aNeighbourhoodIsTheInstanceAndItsKMostSimilarOthersByBruteForce() {
        int n = 600, d = 5, k = 7; // more than one block of rows
        float[] raw = new float[n * d];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (float) r.nextGaussian();
        }
        float[] f = Neighbourhoods.normalise(raw, n, d);
        int[][] nb;
        try (NDManager m = NDManager.newBaseManager()) {
            nb = Neighbourhoods.build(m, f, n, d, k);
        }
        for (int i : new int[] {0, 255, 256, 599}) {
            int self = i;
            double[] sim = new double[n];
            for (int j = 0; j < n; j++) {
                for (int c = 0; c < d; c++) {
                    sim[j] += (double) f[self * d + c] * f[j * d + c];
                }
            }
            Integer[] order = IntStream.range(0, n).filter(j -> j != self).boxed().sorted(Comparator.comparingDouble(j -> -sim[j]))
                    .toArray(Integer[]::new);
            assertThat(nb[i]).hasSize(k + 1);
            assertThat(nb[i][0]).isEqualTo(i);
            assertThat(Arrays.copyOfRange(nb[i], 1, k + 1)).containsExactly(Arrays.stream(order, 0, k).mapToInt(Integer::intValue).toArray());
        }
        double norm = 0;
        for (int c = 0; c < d; c++) {
            norm += f[c] * f[c];
        }
        assertThat(norm).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void kMustBeSmallerThanTheInstances() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Neighbourhoods.build(m, new float[6], 3, 2, 3))
                    .hasMessageContaining("the neighbourhood size k must be between 1 and 2");
        }
    }
}
