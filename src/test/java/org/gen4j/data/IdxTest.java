package org.gen4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.gen4j.Gen4jException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir
    Path dir;

    static byte[] idx(int magic, int[] dims, byte[] body) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(magic);
        for (int x : dims) {
            d.writeInt(x);
        }
        d.write(body);
        return b.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream g = new GZIPOutputStream(b)) {
            g.write(raw);
        }
        return b.toByteArray();
    }

    static byte[] pixels(int n) {
        byte[] p = new byte[n * 2 * 3];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 7);
        }
        return p;
    }

    @Test
    void readsGzippedAndRawFilesAlike() throws IOException {
        byte[] images = idx(0x803, new int[] {4, 2, 3}, pixels(4));
        byte[] labels = idx(0x801, new int[] {4}, new byte[] {3, 1, 4, 1});
        Files.write(dir.resolve("a-images"), gzip(images));
        Files.write(dir.resolve("a-labels"), labels);
        Dataset d = Idx.read("t", dir.resolve("a-images"), dir.resolve("a-labels"), List.of());
        assertThat(d.count()).isEqualTo(4);
        assertThat(d.channels()).isEqualTo(1);
        assertThat(d.height()).isEqualTo(2);
        assertThat(d.width()).isEqualTo(3);
        assertThat(d.pixels()).containsExactly(pixels(4));
        assertThat(d.labels()).containsExactly(3, 1, 4, 1);
        assertThat(d.numClasses()).isEqualTo(5);
    }

    @Test
    void truncatedGzipIsNamed() throws IOException {
        byte[] gz = gzip(idx(0x803, new int[] {4, 2, 3}, pixels(4)));
        Path f = dir.resolve("cut.gz");
        Files.write(f, Arrays.copyOf(gz, gz.length - 12));
        assertThatThrownBy(() -> Idx.read("t", f, null, List.of()))
                .isInstanceOf(Gen4jException.class).hasMessageContaining(f.toString()).hasMessageContaining("truncated");
    }

    @Test
    void truncatedBodyIsNamedWithCounts() throws IOException {
        Path f = dir.resolve("short");
        Files.write(f, idx(0x803, new int[] {4, 2, 3}, Arrays.copyOf(pixels(4), 20)));
        assertThatThrownBy(() -> Idx.read("t", f, null, List.of()))
                .hasMessageContaining(f.toString()).hasMessageContaining("promises 24 bytes of data but only 20 follow");
    }

    @Test
    void wrongMagicIsNamed() throws IOException {
        Path f = dir.resolve("bad");
        Files.write(f, idx(0x801, new int[] {4}, new byte[4]));
        assertThatThrownBy(() -> Idx.read("t", f, null, List.of()))
                .hasMessageContaining("is not an IDX file with 3 dimensions").hasMessageContaining("0x00000801");
    }

    @Test
    void labelCountMustMatch() throws IOException {
        Files.write(dir.resolve("i"), idx(0x803, new int[] {4, 2, 3}, pixels(4)));
        Files.write(dir.resolve("l"), idx(0x801, new int[] {3}, new byte[3]));
        assertThatThrownBy(() -> Idx.read("t", dir.resolve("i"), dir.resolve("l"), List.of()))
                .hasMessageContaining("holds 3 labels but").hasMessageContaining("holds 4 images");
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> Idx.read("t", dir.resolve("nope"), null, List.of())).hasMessageContaining("does not exist");
    }
}
