package org.gen4j.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the Python files the datasets ship as, opcode by opcode, the way their publishers' tools
 * wrote them: Python 2's cPickle at protocol 2 (CIFAR: byte strings, {@code numpy.core.multiarray._reconstruct}),
 * Python 3's pickle at protocol 4 (downsampled ImageNet: unicode keys, BINBYTES data), and numpy's
 * {@code .npz} (stored or deflated {@code .npy} entries).
 */
final class PyFiles {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean py2;

    private PyFiles(boolean py2) {
        this.py2 = py2;
        out.write(0x80);
        out.write(py2 ? 2 : 4);
    }

    /** A pickled dict: values are byte[] uint8 arrays (with {@code shapes}), int[] lists, String lists, or int[] shapes as a float64 'mean'. */
    static byte[] pickle(boolean py2, Map<String, Object> dict, Map<String, long[]> shapes) {
        PyFiles p = new PyFiles(py2);
        p.op('}');
        p.op('(');
        for (Map.Entry<String, Object> e : dict.entrySet()) {
            p.str(e.getKey());
            Object v = e.getValue();
            if (v instanceof byte[] b) {
                p.array(b, shapes.get(e.getKey()), "u1");
            } else if (v instanceof double[] d) {
                ByteBuffer bb = ByteBuffer.allocate(8 * d.length).order(ByteOrder.LITTLE_ENDIAN);
                for (double x : d) {
                    bb.putDouble(x);
                }
                p.array(bb.array(), new long[] {d.length}, "f8");
            } else if (v instanceof int[] ints) {
                p.op(']');
                p.op('(');
                for (int i : ints) {
                    p.integer(i);
                }
                p.op('e');
            } else if (v instanceof List<?> names) {
                p.op(']');
                p.op('(');
                for (Object n : names) {
                    p.str((String) n);
                }
                p.op('e');
            } else if (v instanceof String s) {
                p.str(s);
            } else {
                throw new IllegalArgumentException(String.valueOf(v));
            }
        }
        p.op('u');
        p.op('.');
        return p.out.toByteArray();
    }

    /** A pickle that names a global outside numpy, as a malicious file would. */
    static byte[] evilPickle() {
        PyFiles p = new PyFiles(false);
        p.global("os", "system");
        p.str("echo hacked");
        p.op(0x85);
        p.op('R');
        p.op('.');
        return p.out.toByteArray();
    }

    private void op(int c) {
        out.write(c);
    }

    private void raw(byte[] b) {
        out.write(b, 0, b.length);
    }

    private void le(long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)));
        }
    }

    private void integer(long v) {
        if (v >= 0 && v < 256) {
            op('K');
            le(v, 1);
        } else if (v >= 0 && v < 65536) {
            op('M');
            le(v, 2);
        } else {
            op('J');
            le(v, 4);
        }
    }

    /** A Python 2 byte string (U / T) or a Python 3 unicode string (X). */
    private void str(String s) {
        byte[] b = s.getBytes(py2 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        if (py2 && b.length < 256) {
            op('U');
            le(b.length, 1);
        } else {
            op(py2 ? 'T' : 'X');
            le(b.length, 4);
        }
        raw(b);
    }

    private void bytes(byte[] b) {
        if (py2) {
            op('T');
        } else {
            op('B');
        }
        le(b.length, 4);
        raw(b);
    }

    private void global(String module, String name) {
        if (py2) {
            op('c');
            raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        } else {
            str(module);
            str(name);
            op(0x93);
        }
    }

    /** numpy's {@code ndarray.__reduce__}: {@code _reconstruct(ndarray, (0,), b'b')} then BUILD with {@code (1, shape, dtype, False, raw)}. */
    private void array(byte[] data, long[] shape, String dtype) {
        global("numpy.core.multiarray", "_reconstruct");
        global("numpy", "ndarray");
        integer(0);
        op(0x85);
        if (py2) {
            str("b");
        } else {
            op('C');
            le(1, 1);
            raw(new byte[] {'b'});
        }
        op(0x87);
        op('R');
        op('(');
        integer(1);
        if (shape.length > 2) {
            op('(');
        }
        for (long s : shape) {
            integer(s);
        }
        op(shape.length == 1 ? 0x85 : shape.length == 2 ? 0x86 : 't');
        global("numpy", "dtype");
        str(dtype);
        op(0x89);
        op(0x88);
        op(0x87);
        op('R');
        op('(');
        integer(3);
        str(dtype.equals("u1") ? "|" : "<");
        op('N');
        op('N');
        op('N');
        integer(-1);
        integer(-1);
        integer(0);
        op('t');
        op('b');
        op(0x89);
        bytes(data);
        op('t');
        op('b');
    }

    /** A {@code .npy} file: version 1.0 header padded to 64 bytes, then the data. */
    static byte[] npy(String descr, long[] shape, byte[] data) {
        StringBuilder s = new StringBuilder("(");
        for (long d : shape) {
            s.append(d).append(", ");
        }
        if (shape.length > 1) {
            s.setLength(s.length() - 2);
        } else {
            s.setLength(s.length() - 1);
        }
        s.append(")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + s + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0x93);
        o.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        o.write(1);
        o.write(0);
        o.write(header.length() & 0xff);
        o.write(header.length() >> 8);
        o.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        o.writeBytes(data);
        return o.toByteArray();
    }

    /** An {@code .npz}: the entries stored (np.savez) or deflated (np.savez_compressed). */
    static void npz(Path file, Map<String, byte[]> entries, boolean compressed) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (!compressed) {
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setCrc(crc.getValue());
                }
                z.putNextEntry(entry);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
    }

    /** Little-endian int64 values, as numpy's default integer array. */
    static byte[] int64(int[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putLong(v);
        }
        return b.array();
    }
}
