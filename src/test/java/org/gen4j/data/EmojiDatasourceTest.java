package org.gen4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmojiDatasourceTest {

    @TempDir
    Path tmp;

    /** A package with two emoji, one skin-tone variation, and one emoji the vendor does not draw. */
    Path fixture() throws IOException {
        Path pkg = tmp.resolve("emoji-datasource-google");
        Path img = Files.createDirectories(pkg.resolve("img/google/64"));
        Files.writeString(pkg.resolve("emoji.json"), """
                [{"image": "1f600.png", "category": "Smileys & Emotion", "has_img_google": true},
                 {"image": "1f44b.png", "category": "People & Body", "has_img_google": true,
                  "skin_variations": {"1F3FB": {"image": "1f44b-1f3fb.png", "has_img_google": true}}},
                 {"image": "1fae8.png", "category": "Smileys & Emotion", "has_img_google": false}]
                """);
        write(img.resolve("1f600.png"), 0xFFFF0000); // opaque red
        write(img.resolve("1f44b.png"), 0x00000000); // fully transparent
        write(img.resolve("1f44b-1f3fb.png"), 0x800000FF); // half-transparent blue
        return pkg;
    }

    private static void write(Path file, int argb) throws IOException {
        BufferedImage im = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                im.setRGB(x, y, argb);
            }
        }
        ImageIO.write(im, "png", file.toFile());
    }

    @Test
    void readsEveryDrawnEmojiLabelledByCategoryOnWhite() throws IOException {
        Dataset d = Datasets.open(fixture().toString(), s -> {});
        assertThat(d.count()).isEqualTo(3);
        assertThat(d.channels()).isEqualTo(3);
        assertThat(d.classNames()).containsExactly("People & Body", "Smileys & Emotion");
        assertThat(d.labels()).containsExactly(1, 0, 0);
        int plane = 16;
        // red stays red; transparent becomes white; half-transparent blue is blended with white
        assertThat(new int[] {d.pixels()[0] & 0xff, d.pixels()[plane] & 0xff, d.pixels()[2 * plane] & 0xff}).containsExactly(255, 0, 0);
        int second = d.imageSize();
        assertThat(d.pixels()[second] & 0xff).isEqualTo(255);
        int third = 2 * d.imageSize();
        assertThat(new int[] {d.pixels()[third] & 0xff, d.pixels()[third + 2 * plane] & 0xff}).containsExactly(127, 255);
    }

    @Test
    void packWritesAZipThatReadsBackTheSame() throws IOException {
        Dataset d = Datasets.open(fixture().toString(), s -> {});
        Path zip = tmp.resolve("emoji.zip");
        ZipImages.write(d, zip);
        Dataset back = Datasets.open(zip.toString(), s -> {});
        assertThat(back.pixels()).containsExactly(d.pixels());
        assertThat(back.labels()).containsExactly(d.labels());
        assertThat(back.classNames()).isEqualTo(d.classNames());
        Dataset gray = new Dataset("g", new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 1, 2, 2, null, java.util.List.of());
        ZipImages.write(gray, tmp.resolve("g.zip"));
        Dataset g2 = Datasets.open(tmp.resolve("g.zip").toString(), s -> {});
        assertThat(g2.pixels()).containsExactly(gray.pixels());
        assertThat(g2.labelled()).isFalse();
    }

    @Test
    void aListedImageThatIsMissingIsNamed() throws IOException {
        Path pkg = fixture();
        Files.delete(pkg.resolve("img/google/64/1f44b.png"));
        assertThatThrownBy(() -> Datasets.open(pkg.toString(), s -> {}))
                .hasMessageContaining("emoji.json lists").hasMessageContaining("1f44b.png, which is missing");
        Files.writeString(pkg.resolve("emoji.json"), "{not json");
        assertThatThrownBy(() -> Datasets.open(pkg.toString(), s -> {})).hasMessageContaining("is not the JSON list of emoji");
    }
}
