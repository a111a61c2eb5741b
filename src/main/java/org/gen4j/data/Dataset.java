package org.gen4j.data;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.gen4j.Gen4jException;

/**
 * Images as 8-bit pixels, {@code [N, C, H, W]} in row-major order, with optional class labels,
 * held in memory or read from files on demand ({@link ImageStore}). Channels are 1 (grayscale) or
 * 3 (RGB); formats with alpha are composited onto a background by their readers.
 *
 * @param name where the images came from, for messages and the run configuration
 * @param images where the pixels are
 * @param labels one class index per image, or {@code null} when unlabelled
 * @param classNames class names by index (empty when unlabelled)
 */
public record Dataset(String name, ImageStore images, int count, int channels, int height, int width,
        int[] labels, List<String> classNames) {

    public Dataset {
        Objects.requireNonNull(name);
        Objects.requireNonNull(images);
        classNames = List.copyOf(classNames);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, not " + channels);
        }
        byte[] array = images.array();
        if (array != null && (long) count * channels * height * width != array.length) {
            throw new IllegalArgumentException("pixel buffer has " + array.length + " bytes, not "
                    + count + "x" + channels + "x" + height + "x" + width);
        }
        if (labels != null && labels.length != count) {
            throw new IllegalArgumentException(labels.length + " labels for " + count + " images");
        }
    }

    /** Images held in memory, {@code count * channels * height * width} unsigned bytes. */
    public Dataset(String name, byte[] pixels, int count, int channels, int height, int width, int[] labels, List<String> classNames) {
        this(name, new ImageStore.InMemory(pixels, channels * height * width), count, channels, height, width, labels, classNames);
    }

    /** Bytes per image. */
    public int imageSize() {
        return channels * height * width;
    }

    /** Image {@code index}'s bytes. */
    public byte[] image(int index) {
        byte[] out = new byte[imageSize()];
        images.read(index, out, 0);
        return out;
    }

    /** Images {@code index[from .. from + n)} scaled to [-1, 1], {@code [n, C, H, W]}. */
    public float[] unit(int[] index, int from, int n) {
        int size = imageSize();
        float[] out = new float[n * size];
        byte[] one = new byte[size];
        for (int i = 0; i < n; i++) {
            images.read(index[from + i], one, 0);
            for (int j = 0; j < size; j++) {
                out[i * size + j] = (one[j] & 0xff) / 127.5f - 1f;
            }
        }
        return out;
    }

    /** Images {@code from .. from + n - 1} scaled to [-1, 1]. */
    public float[] unit(int from, int n) {
        int[] index = new int[n];
        Arrays.setAll(index, i -> from + i);
        return unit(index, 0, n);
    }

    /**
     * All pixels in one array: the array itself when held in memory, else a copy, refused when
     * the images exceed a Java array.
     */
    public byte[] pixels() {
        byte[] array = images.array();
        if (array != null) {
            return array;
        }
        long bytes = (long) count * imageSize();
        Gen4jException.check(bytes <= Integer.MAX_VALUE - 8, "%s has %d MB of pixels, more than one array holds; this use reads it whole.",
                name, bytes >> 20);
        byte[] out = new byte[(int) bytes];
        for (int i = 0; i < count; i++) {
            images.read(i, out, i * imageSize());
        }
        return out;
    }

    /** Images beyond which {@link #digest} samples rather than reads every image. */
    static final int DIGEST_ALL = 65_536;

    /**
     * Feeds the images to {@code digest}, for cache keys: every image's bytes when held in memory
     * or when there are at most {@value #DIGEST_ALL}; for larger file-backed datasets (1.28 million
     * ImageNet images) the name, count and shape with an evenly strided sample of that many images,
     * so a key costs seconds, not a pass over gigabytes.
     */
    public void digest(MessageDigest digest) {
        byte[] array = images.array();
        if (array != null) {
            digest.update(array);
            return;
        }
        byte[] one = new byte[imageSize()];
        long stride = Math.max(1, (count + DIGEST_ALL - 1) / DIGEST_ALL);
        if (stride > 1) {
            digest.update((name + "|" + count + "|" + channels + "x" + height + "x" + width).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        for (long i = 0; i < count; i += stride) {
            images.read((int) i, one, 0);
            digest.update(one);
        }
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
        Dataset d = slice(0, Math.min(n, count));
        return new Dataset(name, d.images, d.count, channels, height, width, d.labels, classNames);
    }

    /** Images {@code from .. to - 1}, copied into memory. */
    public Dataset slice(int from, int to) {
        int k = to - from, size = imageSize();
        byte[] p = new byte[k * size];
        for (int i = 0; i < k; i++) {
            images.read(from + i, p, i * size);
        }
        int[] l = labels == null ? null : Arrays.copyOfRange(labels, from, to);
        return new Dataset(name + "[" + from + ":" + to + "]", p, k, channels, height, width, l, classNames);
    }

    /** One line: name, count, shape and classes, as {@code gen4j data info} prints it. */
    public String describe() {
        List<String> shown = classNames.size() <= 20 ? classNames : classNames.subList(0, 10);
        String more = classNames.size() <= 20 ? "" : ", ... " + classNames.get(classNames.size() - 1);
        String classes = labels == null ? "unlabelled" : numClasses() + " classes"
                + (classNames.isEmpty() ? "" : " (" + String.join(", ", shown) + more + ")");
        return String.format("%s: %d images, %dx%dx%d (channels x height x width), %s",
                name, count, channels, height, width, classes);
    }
}
