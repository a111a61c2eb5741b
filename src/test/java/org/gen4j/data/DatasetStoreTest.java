package org.gen4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetStoreTest {

    @TempDir
    Path tmp;

    static byte[] sha(Dataset d) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        d.digest(md);
        return md.digest();
    }

    @Test
    void aMappedDatasetReadsAndHashesAsTheSameBytesInMemory() throws Exception {
        byte[] px = new byte[10 * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7);
        }
        Path f = Files.write(tmp.resolve("raw.u8"), concat(new byte[3], px)); // 3 bytes of header before the images
        Dataset mapped = new Dataset("m", new MappedImages(List.of(new MappedImages.Region(f, 3, 10)), 4), 10, 1, 2, 2, null, List.of());
        Dataset memory = new Dataset("m", px, 10, 1, 2, 2, null, List.of());
        assertThat(mapped.images().array()).isNull();
        assertThat(mapped.pixels()).containsExactly(px);
        assertThat(mapped.image(9)).containsExactly(memory.image(9));
        assertThat(mapped.unit(new int[] {3, 1}, 0, 2)).containsExactly(memory.unit(new int[] {3, 1}, 0, 2));
        assertThat(sha(mapped)).isEqualTo(sha(memory));
        assertThat(Resize.fit(mapped, 4).image(2)).containsExactly(Resize.fit(memory, 4).image(2)); // resized as read
    }

    @Test
    void aTruncatedMappedFileIsNamed() throws IOException {
        Path f = Files.write(tmp.resolve("short.u8"), new byte[10]);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MappedImages(List.of(new MappedImages.Region(f, 0, 3)), 4))
                .hasMessageContaining("short.u8 is truncated: 3 images need 12 bytes from offset 0, the file has 10.");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
