package org.gen4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResizeTest {

    static Dataset gray(int side, int... values) {
        byte[] p = new byte[values.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) values[i];
        }
        return new Dataset("t", p, values.length / (side * side), 1, side, side, null, List.of());
    }

    @Test
    void fashionMnistSizedImagesArePaddedWithBlackByTwoPixels() {
        byte[] p = new byte[28 * 28];
        java.util.Arrays.fill(p, (byte) 200);
        Dataset d = Resize.fit(new Dataset("t", p, 1, 1, 28, 28, null, List.of()), 32);
        assertThat(d.height()).isEqualTo(32);
        byte[] q = d.pixels();
        assertThat(q[0]).isZero();
        assertThat(q[32 + 1]).isZero();
        assertThat(q[2 * 32 + 2] & 0xff).isEqualTo(200);
        assertThat(q[29 * 32 + 29] & 0xff).isEqualTo(200);
        assertThat(q[30 * 32 + 30]).isZero();
    }

    @Test
    void halvingAveragesBlocks() {
        Dataset d = Resize.fit(gray(4,
                0, 2, 10, 10,
                4, 6, 10, 10,
                1, 1, 0, 255,
                1, 1, 255, 0), 2);
        assertThat(d.pixels()).containsExactly(3, 10, 1, (byte) 128);
    }

    @Test
    void nonIntegerDownscaleWeightsPartialPixels() {
        // 3 -> 2: each output covers 1.5 x 1.5 input pixels
        Dataset d = Resize.fit(gray(3, 0, 0, 90, 0, 0, 90, 90, 90, 90), 2);
        // top-left covers only zeros; top-right: (1 x 90 + 0.5 x 90) / 2.25; bottom-right: (0.5 + 0.5 + 1) x 90 / 2.25
        assertThat(d.pixels()[0] & 0xff).isZero();
        assertThat(d.pixels()[1] & 0xff).isEqualTo(60);
        assertThat(d.pixels()[3] & 0xff).isEqualTo(80);
    }

    @Test
    void smallImagesAreUpsampledAndRectanglesCropped() {
        Dataset up = Resize.fit(gray(2, 10, 10, 10, 10), 8);
        assertThat(up.pixels()).hasSize(64).containsOnly(10);
        byte[] p = new byte[2 * 4];
        p[1] = 7;
        p[2] = 9;
        Dataset cropped = Resize.fit(new Dataset("t", p, 1, 1, 2, 4, null, List.of()), 2);
        assertThat(cropped.pixels()).containsExactly(7, 9, 0, 0);
    }

    @Test
    void rightSizeIsKept() {
        Dataset d = gray(2, 1, 2, 3, 4);
        assertThat(Resize.fit(d, 2)).isSameAs(d);
    }
}
