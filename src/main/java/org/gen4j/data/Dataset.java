package org.gen4j.data;

import java.util.List;
import java.util.Objects;

/**
 * Images in memory as 8-bit pixels, {@code [N, C, H, W]} in row-major order, with optional class
 * labels. Channels are 1 (grayscale) or 3 (RGB); formats with alpha are composited onto a
 * background by their readers.
 *
 * @param name where the images came from, for messages and the run configuration
 * @param pixels {@code count * channels * height * width} bytes, unsigned
 * @param labels one class index per image, or {@code null} when unlabelled
 * @param classNames class names by index (empty when unlabelled)
 */
public record Dataset(String name, byte[] pixels, int count, int channels, int height, int width,
        int[] labels, List<String> classNames) {

    public Dataset {
        Objects.requireNonNull(name);
        Objects.requireNonNull(pixels);
        classNames = List.copyOf(classNames);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, not " + channels);
        }
        if ((long) count * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("pixel buffer has " + pixels.length + " bytes, not "
                    + count + "x" + channels + "x" + height + "x" + width);
        }
        if (labels != null && labels.length != count) {
            throw new IllegalArgumentException(labels.length + " labels for " + count + " images");
        }
    }

    /** Bytes per image. */
    public int imageSize() {
        return channels * height * width;
    }

    public boolean labelled() {
        return labels != null;
    }

    /** Number of classes (0 when unlabelled). */
    public int numClasses() {
        if (labels == null) {
            return 0;
        }
        int max = -1;
        for (int l : labels) {
            max = Math.max(max, l);
        }
        return Math.max(classNames.size(), max + 1);
    }

    /** The first {@code n} images (all of them if there are fewer). */
    public Dataset head(int n) {
        int k = Math.min(n, count);
        byte[] p = java.util.Arrays.copyOf(pixels, k * imageSize());
        int[] l = labels == null ? null : java.util.Arrays.copyOf(labels, k);
        return new Dataset(name, p, k, channels, height, width, l, classNames);
    }

    /** One line: name, count, shape and classes, as {@code gen4j data info} prints it. */
    public String describe() {
        String classes = labels == null ? "unlabelled" : numClasses() + " classes"
                + (classNames.isEmpty() ? "" : " (" + String.join(", ", classNames) + ")");
        return String.format("%s: %d images, %dx%dx%d (channels x height x width), %s",
                name, count, channels, height, width, classes);
    }
}
