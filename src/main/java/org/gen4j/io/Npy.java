package org.gen4j.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gen4j.Gen4jException;

/**
 * numpy's {@code .npy} format (version 1.0 to 3.0): the magic {@code \x93NUMPY}, a version, a
 * header length, a Python-literal dict of {@code descr}, {@code fortran_order} and {@code shape},
 * then the raw elements. gen4j reads and writes C-order arrays: latents and labels in, images out.
 */
public final class Npy {

    /** An array's header: numpy type, shape, and the byte offset where its data starts. */
    public record Header(String descr, boolean fortran, long[] shape, int dataOffset) {
        /** Element count. */
        public long size() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** Parses the header at the start of {@code in}, named {@code what} in messages. */
    public static Header header(InputStream in, String what) throws IOException {
        byte[] magic = in.readNBytes(8);
        Gen4jException.check(magic.length == 8 && (magic[0] & 0xff) == 0x93 && new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY"),
                "%s is not a .npy array (no \\x93NUMPY magic).", what);
        int len;
        int prefix;
        if (magic[6] == 1) {
            byte[] l = in.readNBytes(2);
            Gen4jException.check(l.length == 2, "%s is truncated inside its .npy header.", what);
            len = (l[0] & 0xff) | (l[1] & 0xff) << 8;
            prefix = 10;
        } else {
            byte[] l = in.readNBytes(4);
            Gen4jException.check(l.length == 4, "%s is truncated inside its .npy header.", what);
            len = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt();
            prefix = 12;
        }
        Gen4jException.check(len > 0 && len < 1 << 20, "%s has a .npy header of %d bytes, which no array has.", what, len);
        byte[] text = in.readNBytes(len);
        Gen4jException.check(text.length == len, "%s is truncated inside its .npy header.", what);
        String dict = new String(text, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(dict), f = FORTRAN.matcher(dict), s = SHAPE.matcher(dict);
        Gen4jException.check(d.find() && f.find() && s.find(), "%s has a .npy header gen4j cannot read: %s.", what, dict.strip());
        long[] shape;
        try {
            shape = java.util.Arrays.stream(s.group(1).split(",")).map(String::strip).filter(x -> !x.isEmpty()).mapToLong(Long::parseLong)
                    .toArray();
        } catch (NumberFormatException e) {
            throw new Gen4jException(what + " has a .npy shape gen4j cannot read: (" + s.group(1) + ").");
        }
        return new Header(d.group(1), f.group(1).equals("True"), shape, prefix + len);
    }

    /** A whole C-order array: its header and its elements' bytes (little-endian as the header says). */
    public record Array(Header header, ByteBuffer data) {
        /** The elements as floats; the array must be float32 ({@code <f4}). */
        public float[] floats(String what) {
            Gen4jException.check(header.descr().equals("<f4"), "%s holds %s values; it must be float32 (<f4).", what, header.descr());
            float[] out = new float[(int) header.size()];
            data.asFloatBuffer().get(out);
            return out;
        }

        /** The elements as ints; the array must hold 32- or 64-bit integers ({@code <i4}, {@code <i8}). */
        public int[] ints(String what) {
            String t = header.descr();
            Gen4jException.check(t.equals("<i8") || t.equals("<i4"), "%s holds %s values; it must be int64 or int32 (<i8, <i4).", what, t);
            int[] out = new int[(int) header.size()];
            for (int i = 0; i < out.length; i++) {
                long v = t.equals("<i8") ? data.getLong(8 * i) : data.getInt(4 * i);
                Gen4jException.check(v == (int) v, "%s: value %d at %d is beyond the int range.", what, v, i);
                out[i] = (int) v;
            }
            return out;
        }
    }

    /** Reads a C-order array of at most 2 GB. */
    public static Array read(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Header h = header(in, file.toString());
            Gen4jException.check(!h.fortran(), "%s is in Fortran order; save it in C order (numpy's default).", file);
            int width = h.descr().length() == 3 ? Integer.parseInt(h.descr().substring(2)) : 0;
            Gen4jException.check(width > 0 && (h.descr().charAt(0) == '<' || h.descr().charAt(0) == '|'),
                    "%s has the numpy type %s, which gen4j does not read.", file, h.descr());
            long bytes = h.size() * width;
            Gen4jException.check(bytes <= Integer.MAX_VALUE - 8, "%s holds %d bytes, more than gen4j reads from one .npy.", file, bytes);
            byte[] raw = in.readNBytes((int) bytes);
            Gen4jException.check(raw.length == bytes, "%s is truncated: its header promises %d bytes of data but %d follow.", file, bytes,
                    raw.length);
            return new Array(h, ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN));
        } catch (IOException e) {
            throw new Gen4jException("cannot read " + file + ": " + Gen4jException.describe(e) + ".", e);
        }
    }

    /** Writes float32 {@code values} of {@code shape} atomically as a version 1.0 {@code .npy}. */
    public static void write(Path file, float[] values, long[] shape) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims.length() - 2) + ")";
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple + ", }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        byte[] header = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(values);
        AtomicFiles.write(file, out -> {
            ByteArrayOutputStream h = new ByteArrayOutputStream();
            h.write(0x93);
            h.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
            h.write(1);
            h.write(0);
            h.write(header.length & 0xff);
            h.write(header.length >> 8);
            h.writeBytes(header);
            out.write(h.toByteArray());
            out.write(data.array());
        });
    }
}
