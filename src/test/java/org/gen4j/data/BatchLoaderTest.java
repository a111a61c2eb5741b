package org.gen4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {

    static Dataset numbered(int n) {
        byte[] p = new byte[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) i;
            labels[i] = i % 3;
        }
        return new Dataset("t", p, n, 1, 1, 1, labels, List.of());
    }

    static int index(float v) {
        return Math.round((v + 1) * 127.5f);
    }

    @Test
    void everyEpochIsAPermutationAndPixelsAreScaledToPlusMinusOne() {
        Dataset d = numbered(10);
        try (BatchLoader l = new BatchLoader(d, 5, 1, 0)) {
            for (int epoch = 0; epoch < 3; epoch++) {
                Set<Integer> seen = new HashSet<>();
                for (int b = 0; b < 2; b++) {
                    BatchLoader.Batch batch = l.next();
                    for (int i = 0; i < 5; i++) {
                        int idx = index(batch.pixels()[i]);
                        seen.add(idx);
                        assertThat(batch.labels()[i]).isEqualTo(idx % 3);
                    }
                }
                assertThat(seen).hasSize(10);
            }
        }
        BatchLoader.Batch first;
        try (BatchLoader l = new BatchLoader(numbered(256), 256, 1, 0)) {
            first = l.next();
        }
        float min = 1, max = -1;
        for (float v : first.pixels()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isEqualTo(-1f);
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void startingMidStreamContinuesExactly() {
        Dataset d = numbered(7);
        int[] whole = new int[30];
        try (BatchLoader l = new BatchLoader(d, 3, 42, 0)) {
            for (int b = 0; b < 10; b++) {
                float[] px = l.next().pixels();
                for (int i = 0; i < 3; i++) {
                    whole[b * 3 + i] = index(px[i]);
                }
            }
        }
        try (BatchLoader l = new BatchLoader(d, 3, 42, 12)) {
            for (int b = 4; b < 10; b++) {
                float[] px = l.next().pixels();
                for (int i = 0; i < 3; i++) {
                    assertThat(index(px[i])).isEqualTo(whole[b * 3 + i]);
                }
            }
        }
    }

    @Test
    void theSeedChangesTheOrder() {
        Dataset d = numbered(50);
        try (BatchLoader a = new BatchLoader(d, 50, 1, 0); BatchLoader b = new BatchLoader(d, 50, 2, 0)) {
            assertThat(a.next().pixels()).isNotEqualTo(b.next().pixels());
        }
    }
}
