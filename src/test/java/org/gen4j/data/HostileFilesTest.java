package org.gen4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.gen4j.Gen4jException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files made to hurt a reader: each gets one sentence, quickly, without the memory its header asks for. */
class HostileFilesTest {

    @TempDir
    Path tmp;

    /** A PNG signature and IHDR chunk claiming {@code w x h} 8-bit RGB pixels, with no image data after it. */
    static byte[] pngHeader(int w, int h) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes()).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}).putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return png.array();
    }

    @Test
    void aPngClaimingTenBillionPixelsIsRefusedBeforeDecoding() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("huge"));
        Files.write(dir.resolve("a.png"), pngHeader(100_000, 100_000));
        long start = System.nanoTime();
        assertThatThrownBy(() -> ImageFolder.read(dir)).isInstanceOf(Gen4jException.class)
                .hasMessageContaining("a.png claims 100000x100000 pixels, more than the 256 million gen4j decodes.");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
    }

    @Test
    void aZipBombIsStoppedAfterSixtyFourMegabytes() throws IOException {
        Path zip = tmp.resolve("bomb.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.setLevel(Deflater.BEST_COMPRESSION);
            z.putNextEntry(new ZipEntry("bomb.png"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 96; i++) { // 96 MB of zeros, about 100 kB compressed
                z.write(zeros);
            }
            z.closeEntry();
        }
        assertThat(Files.size(zip)).isLessThan(4 << 20);
        long start = System.nanoTime();
        assertThatThrownBy(() -> ZipImages.read(zip)).hasMessageContaining("bomb.zip!bomb.png expands to more than 64 MB");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
    }

    @Test
    void zipEntryNamesThatClimbOutAreOnlyNamesAndPackWritesNothingOutside() throws IOException {
        Path zip = tmp.resolve("climb.zip");
        byte[] png;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png", b);
        png = b.toByteArray();
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : new String[] {"../../escape.png", "/etc/absolute.png"}) {
                z.putNextEntry(new ZipEntry(name));
                z.write(png);
                z.closeEntry();
            }
        }
        Dataset d = ZipImages.read(zip);
        assertThat(d.count()).isEqualTo(2); // read from the archive itself, never from those paths
        Path out = Files.createDirectories(tmp.resolve("out")).resolve("packed.zip");
        ZipImages.write(d, out);
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(out.toFile())) {
            assertThat(z.stream().map(ZipEntry::getName)).allMatch(n -> !n.contains("..") && !n.startsWith("/"));
        }
        assertThat(tmp.getParent().resolve("escape.png")).doesNotExist();
    }

    @Test
    void aSymlinkLoopInAnImageFolderDoesNotHang() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("loop/cls"));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png", b);
        Files.write(dir.resolve("x.png"), b.toByteArray());
        Files.createSymbolicLink(dir.resolve("again"), dir.getParent());
        Files.createSymbolicLink(tmp.resolve("loop/self"), tmp.resolve("loop"));
        Dataset d = ImageFolder.read(tmp.resolve("loop"));
        assertThat(d.count()).isEqualTo(1); // one level of class folders is read; links inside them are not followed
    }

    static Path idx(Path f, int count) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x0803);
        d.writeInt(count);
        d.writeInt(1);
        d.writeInt(1);
        d.write(new byte[100]);
        Files.write(f, b.toByteArray());
        return f;
    }

    @Test
    void anIdxHeaderClaimingBillionsOfImagesAsksForNoMemory() throws IOException {
        Path huge = idx(tmp.resolve("a-images-idx3-ubyte"), Integer.MAX_VALUE);
        assertThatThrownBy(() -> Idx.read("t", huge, null, java.util.List.of())).hasMessageContaining("is too large (2147483647 bytes)");
        Path big = idx(tmp.resolve("b-images-idx3-ubyte"), 1 << 28);
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThatThrownBy(() -> Idx.read("t", big, null, java.util.List.of()))
                .hasMessageContaining("is truncated: its header promises 268435456 bytes of data but only 100 follow");
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(after - before).isLessThan(64L << 20); // the buffer grows with the data: 16 MB at most here, not 256
    }

    @Test
    void datasetJsonLabelsBeyondIntOrNegativeAreNamed() throws IOException {
        for (String label : new String[] {"99999999999999", "-3"}) {
            Path zip = tmp.resolve("labels" + label.length() + ".zip");
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png", b);
            try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
                z.putNextEntry(new ZipEntry("a.png"));
                z.write(b.toByteArray());
                z.closeEntry();
                z.putNextEntry(new ZipEntry("dataset.json"));
                z.write(("{\"labels\": [[\"a.png\", " + label + "]]}").getBytes());
                z.closeEntry();
            }
            assertThatThrownBy(() -> ZipImages.read(zip)).isInstanceOf(Gen4jException.class)
                    .hasMessageContaining(label.startsWith("-") ? "gives a.png the negative label -3"
                            : "gives a.png the label 99999999999999, beyond the 1048576 classes gen4j handles");
        }
    }

}
