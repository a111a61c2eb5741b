package org.gen4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {

    @TempDir
    Path dir;

    static byte[] records(int n, int firstLabel) {
        byte[] b = new byte[n * 3073];
        for (int i = 0; i < n; i++) {
            b[i * 3073] = (byte) ((firstLabel + i) % 10);
            for (int j = 1; j < 3073; j++) {
                b[i * 3073 + j] = (byte) (i + j);
            }
        }
        return b;
    }

    @Test
    void readsTheTrainSplitFromFiveBatches() throws IOException {
        for (int i = 1; i <= 5; i++) {
            Files.write(dir.resolve("data_batch_" + i + ".bin"), records(2, i));
        }
        Files.write(dir.resolve("test_batch.bin"), records(3, 0));
        assertThat(Cifar10.isCifarDirectory(dir)).isTrue();
        Dataset train = Cifar10.readDirectory(dir, false);
        assertThat(train.count()).isEqualTo(10);
        assertThat(train.channels()).isEqualTo(3);
        assertThat(train.height()).isEqualTo(32);
        assertThat(train.labels()).containsExactly(1, 2, 2, 3, 3, 4, 4, 5, 5, 6);
        assertThat(train.classNames()).hasSize(10).contains("airplane", "truck");
        assertThat(train.pixels()[0]).isEqualTo((byte) 1); // first red value of record 0
        assertThat(Cifar10.readDirectory(dir, true).count()).isEqualTo(3);
    }

    @Test
    void wrongSizeIsNamed() throws IOException {
        Path f = dir.resolve("x.bin");
        Files.write(f, new byte[3000]);
        assertThatThrownBy(() -> Cifar10.read("x", List.of(f), List.of())).hasMessageContaining("not a multiple of the 3073-byte record");
    }

    @Test
    void missingBatchIsNamed() throws IOException {
        Files.write(dir.resolve("data_batch_1.bin"), records(1, 0));
        assertThatThrownBy(() -> Cifar10.readDirectory(dir, false)).hasMessageContaining("lacks data_batch_2.bin");
    }
}
