package org.gen4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.gen4j.Gen4jException;

/**
 * The IDX format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian magic number
 * {@code 0x0000080D} where D is the number of dimensions and {@code 08} means unsigned bytes, D
 * big-endian 32-bit extents, then the bytes. Images are {@code idx3} ({@code [N, H, W]}), labels
 * {@code idx1}. Files may be gzipped; the gzip magic decides, not the name.
 */
public final class Idx {

    private Idx() {}

    /** Reads an images file and, if given, its labels file into a grayscale dataset. */
    public static Dataset read(String name, Path images, Path labels, List<String> classNames) throws IOException {
        try (InputStream in = open(images)) {
            return read(name, in, images.toString(), labels == null ? null : open(labels),
                    labels == null ? null : labels.toString(), classNames);
        }
    }

    /**
     * Reads from streams; {@code imagesName} and {@code labelsName} name them in error messages.
     * Closes {@code labelsIn}.
     */
    public static Dataset read(String name, InputStream imagesIn, String imagesName, InputStream labelsIn,
            String labelsName, List<String> classNames) throws IOException {
        int[] dims = header(imagesIn, imagesName, 3);
        int n = dims[0], h = dims[1], w = dims[2];
        byte[] pixels = body(imagesIn, imagesName, (long) n * h * w);
        int[] labels = null;
        if (labelsIn != null) {
            try (InputStream l = labelsIn) {
                int[] ld = header(l, labelsName, 1);
                Gen4jException.check(ld[0] == n, "%s holds %d labels but %s holds %d images.", labelsName, ld[0], imagesName, n);
                byte[] raw = body(l, labelsName, n);
                labels = new int[n];
                for (int i = 0; i < n; i++) {
                    labels[i] = raw[i] & 0xff;
                }
            }
        }
        return new Dataset(name, pixels, n, 1, h, w, labels, labels == null ? List.of() : classNames);
    }

    /** Opens a file, transparently gunzipping it when it starts with the gzip magic. */
    static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new Gen4jException("data file " + file + " does not exist.");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read(), b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
            } catch (ZipException e) {
                raw.close();
                throw new Gen4jException(file + " is not a valid gzip file: " + e.getMessage() + ".");
            }
        }
        return raw;
    }

    private static int[] header(InputStream in, String name, int expectedDims) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int magic;
        try {
            magic = d.readInt();
        } catch (EOFException e) {
            throw new Gen4jException(name + " is empty or truncated before its IDX header.");
        }
        int expected = 0x0800 | expectedDims;
        if (magic != expected) {
            throw new Gen4jException(String.format(
                    "%s is not an IDX file with %d dimensions: its magic number is 0x%08X, expected 0x%08X.",
                    name, expectedDims, magic, expected));
        }
        int[] dims = new int[expectedDims];
        try {
            for (int i = 0; i < expectedDims; i++) {
                dims[i] = d.readInt();
                Gen4jException.check(dims[i] > 0, "%s has an invalid extent %d in dimension %d.", name, dims[i], i);
            }
        } catch (EOFException e) {
            throw new Gen4jException(name + " is truncated inside its IDX header.");
        }
        return dims;
    }

    private static byte[] body(InputStream in, String name, long size) throws IOException {
        Gen4jException.check(size <= Integer.MAX_VALUE - 16, "%s is too large (%d bytes) to hold in memory.", name, size);
        // the buffer grows with the data that actually arrives, so a header claiming 2^31 images costs nothing
        byte[] data = new byte[(int) Math.min(size, 1 << 24)];
        int off = 0;
        try {
            while (off < size) {
                if (off == data.length) {
                    data = java.util.Arrays.copyOf(data, (int) Math.min(size, 2L * data.length));
                }
                int r = in.read(data, off, data.length - off);
                if (r < 0) {
                    break;
                }
                off += r;
            }
        } catch (EOFException | ZipException e) {
            throw new Gen4jException(name + " is truncated or corrupt: " + e.getMessage() + ".");
        }
        Gen4jException.check(off == size, "%s is truncated: its header promises %d bytes of data but only %d follow.",
                name, size, off);
        return data;
    }
}
