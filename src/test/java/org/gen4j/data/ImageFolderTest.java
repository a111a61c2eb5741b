package org.gen4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir
    Path dir;

    static byte[] png(int w, int h, int argb, int type) throws IOException {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, argb);
            }
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(img, "png", b);
        return b.toByteArray();
    }

    @Test
    void classSubfoldersGiveLabelsInNameOrder() throws IOException {
        Files.createDirectories(dir.resolve("cats"));
        Files.createDirectories(dir.resolve("bats"));
        Files.write(dir.resolve("cats/1.png"), png(4, 4, 0xff808080, BufferedImage.TYPE_INT_RGB));
        Files.write(dir.resolve("bats/1.png"), png(4, 4, 0xff101010, BufferedImage.TYPE_INT_RGB));
        Files.write(dir.resolve("bats/2.png"), png(4, 4, 0xff202020, BufferedImage.TYPE_INT_RGB));
        Dataset d = ImageFolder.read(dir);
        assertThat(d.classNames()).containsExactly("bats", "cats");
        assertThat(d.labels()).containsExactly(0, 0, 1);
        assertThat(d.channels()).isEqualTo(1); // all gray
        assertThat(d.pixels()[0] & 0xff).isEqualTo(0x10);
        assertThat(d.pixels()[2 * 16] & 0xff).isEqualTo(0x80);
    }

    @Test
    void colourMakesRgbAndAlphaIsCompositedOntoWhite() throws IOException {
        Files.write(dir.resolve("a.png"), png(2, 2, 0xffff0000, BufferedImage.TYPE_INT_RGB));
        Files.write(dir.resolve("b.png"), png(2, 2, 0x00000000, BufferedImage.TYPE_INT_ARGB)); // fully transparent
        Dataset d = ImageFolder.read(dir);
        assertThat(d.channels()).isEqualTo(3);
        assertThat(d.labelled()).isFalse();
        byte[] p = d.pixels();
        assertThat(p[0] & 0xff).isEqualTo(255); // red plane of a
        assertThat(p[4] & 0xff).isZero(); // green plane of a
        for (int i = 12; i < 24; i++) {
            assertThat(p[i] & 0xff).isEqualTo(255); // b is white
        }
    }

    @Test
    void unreadableImageIsNamed() throws IOException {
        Files.write(dir.resolve("good.png"), png(2, 2, 0xff000000, BufferedImage.TYPE_INT_RGB));
        Files.writeString(dir.resolve("bad.png"), "not an image");
        assertThatThrownBy(() -> ImageFolder.read(dir)).hasMessageContaining("bad.png is not a readable image");
    }

    @Test
    void mixedSizesAreRefusedNamingBothFiles() throws IOException {
        Files.write(dir.resolve("a.png"), png(2, 2, 0xff000000, BufferedImage.TYPE_INT_RGB));
        Files.write(dir.resolve("b.png"), png(3, 3, 0xff000000, BufferedImage.TYPE_INT_RGB));
        assertThatThrownBy(() -> ImageFolder.read(dir)).hasMessageContaining("a.png is 2x2 but").hasMessageContaining("b.png is 3x3");
    }

    @Test
    void emptyFolderIsRefused() {
        assertThatThrownBy(() -> ImageFolder.read(dir)).hasMessageContaining("holds no images");
    }

    private Path zip(String datasetJson, String... names) throws IOException {
        Path f = dir.resolve("d.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            for (String n : names) {
                z.putNextEntry(new ZipEntry(n));
                z.write(png(2, 2, 0xff404040, BufferedImage.TYPE_INT_RGB));
            }
            if (datasetJson != null) {
                z.putNextEntry(new ZipEntry("dataset.json"));
                z.write(datasetJson.getBytes(StandardCharsets.UTF_8));
            }
        }
        return f;
    }

    @Test
    void zipWithDatasetJsonLabels() throws IOException {
        Path f = zip("{\"labels\": [[\"00000/b.png\", 2], [\"00000/a.png\", 0]]}", "00000/a.png", "00000/b.png");
        Dataset d = ZipImages.read(f);
        assertThat(d.count()).isEqualTo(2);
        assertThat(d.labels()).containsExactly(0, 2);
        assertThat(d.numClasses()).isEqualTo(3);
    }

    @Test
    void zipWithoutLabelsIsUnlabelled() throws IOException {
        assertThat(ZipImages.read(zip("{\"labels\": null}", "x.png")).labelled()).isFalse();
        assertThat(ZipImages.read(zip(null, "x.png")).labelled()).isFalse();
    }

    @Test
    void datasetJsonNamingMissingFileIsRefused() throws IOException {
        Path f = zip("{\"labels\": [[\"a.png\", 0], [\"gone.png\", 1]]}", "a.png");
        assertThatThrownBy(() -> ZipImages.read(f)).hasMessageContaining("names gone.png, which is not in the archive");
    }

    @Test
    void datasetJsonMissingALabelIsRefused() throws IOException {
        Path f = zip("{\"labels\": [[\"a.png\", 0]]}", "a.png", "b.png");
        assertThatThrownBy(() -> ZipImages.read(f)).hasMessageContaining("gives no label for b.png");
    }

    @Test
    void corruptZipIsNamed() throws IOException {
        Path f = dir.resolve("broken.zip");
        Files.writeString(f, "PK not really");
        assertThatThrownBy(() -> ZipImages.read(f)).hasMessageContaining("broken.zip is not a readable ZIP file");
    }
}
