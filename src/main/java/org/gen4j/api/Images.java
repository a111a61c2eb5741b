package org.gen4j.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.util.List;
import org.gen4j.io.ImageFiles;

/**
 * Generated images as the generator made them: {@code count} images of {@code channels} x
 * {@code resolution} x {@code resolution} float values on the [-1, 1] scale (before clamping),
 * in NCHW order.
 *
 * @param values the {@code count * channels * resolution * resolution} values
 * @param count how many images
 * @param channels 1 (grayscale) or 3 (RGB)
 * @param resolution the images' side
 */
public record Images(float[] values, int count, int channels, int resolution) {

    /**
     * Checks that the values fill the images exactly.
     *
     * @param values the values
     * @param count how many images
     * @param channels channels per image
     * @param resolution the images' side
     * @throws IllegalArgumentException if they do not
     */
    public Images {
        if (values.length != (long) count * channels * resolution * resolution) {
            throw new IllegalArgumentException(values.length + " values are not " + count + " images of " + channels + "x" + resolution
                    + "x" + resolution);
        }
    }

    /**
     * The shape.
     *
     * @return {@code [count, channels, resolution, resolution]}
     */
    public long[] shape() {
        return new long[] {count, channels, resolution, resolution};
    }

    /**
     * One image as 8-bit pixels.
     *
     * @param i the image's index, from 0
     * @return it as 8-bit grayscale or RGB, the values clamped to [-1, 1]
     */
    public BufferedImage image(int i) {
        return images().get(i);
    }

    /**
     * Every image as 8-bit pixels.
     *
     * @return the images as 8-bit grayscale or RGB, in order
     */
    public List<BufferedImage> images() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(values, new Shape(shape()));
            return ImageFiles.toImages(x);
        }
    }
}
