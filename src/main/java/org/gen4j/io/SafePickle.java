package org.gen4j.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import org.gen4j.Gen4jException;

/**
 * Reads Python pickles (protocols 0 to 5, as Python 2's cPickle and Python 3 write them) with
 * razorvine's unpickler, never by executing anything: the only globals a pickle may name are
 * numpy's array reconstruction ({@code numpy.core.multiarray._reconstruct}, {@code numpy.ndarray},
 * {@code numpy.dtype}) and {@code _codecs.encode} (how Python 3 writes bytes at protocol 2); any
 * other is refused with its name. Arrays come back as {@link NdArray}; dicts as maps, lists as
 * lists, tuples as arrays, Python 2 byte strings as Java strings of chars 0 to 255.
 */
public final class SafePickle {

    private static final Set<String> GLOBALS = Set.of("numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
            "numpy.ndarray", "numpy.dtype", "_codecs.encode");

    static {
        IObjectConstructor reconstruct = args -> new NdArray();
        Unpickler.registerConstructor("numpy.core.multiarray", "_reconstruct", reconstruct);
        Unpickler.registerConstructor("numpy._core.multiarray", "_reconstruct", reconstruct);
        Unpickler.registerConstructor("numpy", "ndarray", args -> {
            throw new PickleException("numpy.ndarray is only accepted as the argument of _reconstruct");
        });
        Unpickler.registerConstructor("numpy", "dtype", args -> new Dtype(String.valueOf(args[0])));
    }

    private SafePickle() {}

    /** The object pickled in {@code file}; a malformed pickle or a refused global is named in one sentence. */
    public static Object read(Path file) {
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (IOException e) {
            throw new Gen4jException("cannot read " + file + ": " + e.getMessage() + ".", e);
        }
        try (in) {
            return read(in, file.toString());
        } catch (IOException e) {
            // the file opened, so what fails now is its content ending early (razorvine's "expected more bytes")
            throw new Gen4jException(file + " is truncated: " + e.getMessage() + ".", e);
        }
    }

    /**
     * As {@link #read(Path)}, but byte strings over 1 MB are skipped rather than read (arrays then
     * know their shape and have no data): the structure of a large pickle, such as its image count
     * and labels, in the time it takes to seek past its pixels.
     */
    public static Object readStructure(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16); Restricted u = new Restricted(true)) {
            return u.load(in);
        } catch (PickleException | ClassCastException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new Gen4jException(file + " is not a pickle gen4j reads: " + e.getMessage() + ".", e);
        } catch (IOException e) {
            throw new Gen4jException(file + " is truncated: " + e.getMessage() + ".", e);
        }
    }

    /** The object pickled in {@code in}, named {@code what} in messages. */
    public static Object read(InputStream in, String what) throws IOException {
        try (Restricted u = new Restricted(false)) {
            return u.load(in);
        } catch (PickleException | ClassCastException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new Gen4jException(what + " is not a pickle gen4j reads: " + e.getMessage() + ".", e);
        }
    }

    /** razorvine's unpickler with every global checked against {@link #GLOBALS}. */
    private static final class Restricted extends Unpickler implements AutoCloseable {
        private static final long LARGE = 1 << 20;
        private final boolean skipLarge;

        Restricted(boolean skipLarge) {
            this.skipLarge = skipLarge;
        }

        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
            if (skipLarge && (key == Opcodes.BINBYTES || key == Opcodes.BINSTRING || key == Opcodes.BINBYTES8)) {
                byte[] len = PickleUtils.readbytes(input, key == Opcodes.BINBYTES8 ? 8 : 4);
                long n = key == Opcodes.BINBYTES8 ? PickleUtils.bytes_to_long(len, 0) : PickleUtils.bytes_to_integer(len) & 0xffffffffL;
                if (n <= LARGE) {
                    byte[] data = PickleUtils.readbytes(input, n);
                    stack.add(key == Opcodes.BINSTRING ? PickleUtils.rawStringFromBytes(data) : data);
                } else {
                    input.skipNBytes(n);
                    stack.add(new Skipped(n));
                }
                return NO_RETURN_VALUE;
            }
            if (key == Opcodes.GLOBAL) {
                String module = PickleUtils.readline(input), name = PickleUtils.readline(input);
                stack.add(constructor(module, name));
                return NO_RETURN_VALUE;
            }
            if (key == Opcodes.STACK_GLOBAL) {
                String name = (String) stack.pop(), module = (String) stack.pop();
                stack.add(constructor(module, name));
                return NO_RETURN_VALUE;
            }
            if (key == Opcodes.INST || key == Opcodes.OBJ || key == Opcodes.EXT1 || key == Opcodes.EXT2 || key == Opcodes.EXT4
                    || key == Opcodes.PERSID || key == Opcodes.BINPERSID) {
                throw new PickleException("it uses opcode " + (char) key + ", which builds arbitrary objects");
            }
            return super.dispatch(key);
        }

        private static IObjectConstructor constructor(String module, String name) {
            String full = module + "." + name;
            if (!GLOBALS.contains(full)) {
                throw new PickleException("it refers to " + full + ", which is not a numpy array");
            }
            return objectConstructors.get(full);
        }
    }

    /** A byte string {@link #readStructure} did not read: only its length. */
    public record Skipped(long length) {}

    /** A numpy dtype as pickled: its name ({@code u1}, {@code f8}, ...) and byte order. */
    public static final class Dtype {
        private final String name;
        private String order = "|";

        Dtype(String name) {
            this.name = name;
        }

        /** numpy's dtype state: {@code (version, byte order, ...)}. */
        public void __setstate__(Object[] state) {
            order = String.valueOf(state[1]);
        }

        /** The numpy type name, e.g. {@code u1}, {@code i8}, {@code f8}. */
        public String name() {
            return name;
        }

        /** Whether the values are little-endian (or single bytes). */
        public boolean littleEndian() {
            return !order.equals(">");
        }

        /** Bytes per element. */
        public int itemSize() {
            return Integer.parseInt(name.substring(1));
        }
    }

    /** A numpy array as pickled: shape, dtype, order and the raw bytes. */
    public static final class NdArray {
        private long[] shape;
        private Dtype dtype;
        private boolean fortran;
        private byte[] data;
        private long byteLength;

        /** numpy's array state: {@code (version, shape, dtype, is_fortran, raw data)} (version omitted by old numpy). */
        public void __setstate__(Object[] state) {
            int at = state.length == 5 ? 1 : 0;
            Object[] dims = (Object[]) state[at];
            shape = new long[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = ((Number) dims[i]).longValue();
            }
            dtype = (Dtype) state[at + 1];
            Object f = state[at + 2];
            fortran = f instanceof Boolean b ? b : ((Number) f).intValue() != 0;
            Object raw = state[at + 3];
            if (raw instanceof Skipped skipped) {
                byteLength = skipped.length();
                return;
            }
            data = raw instanceof byte[] b ? b : latin1((String) raw);
            byteLength = data.length;
        }

        /** A Python 2 byte string (chars 0 to 255) as bytes. */
        static byte[] latin1(String s) {
            byte[] out = new byte[s.length()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) s.charAt(i);
            }
            return out;
        }

        public long[] shape() {
            return shape.clone();
        }

        public Dtype dtype() {
            return dtype;
        }

        public boolean fortran() {
            return fortran;
        }

        /** The elements' bytes in the array's order ({@code null} when {@link #readStructure} skipped them). */
        public byte[] data() {
            return data;
        }

        /** How many bytes the elements take, read or skipped. */
        public long byteLength() {
            return byteLength;
        }

        /** Element count. */
        public long size() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }

        /** Integer elements (dtype {@code u1}, {@code i1} to {@code i8}, {@code u2}, {@code u4}) as ints. */
        public int[] ints() {
            String t = dtype.name();
            int n = Math.toIntExact(size()), w = dtype.itemSize();
            Gen4jException.check(t.startsWith("i") || t.startsWith("u"), "expected integers, got numpy dtype %s.", t);
            Gen4jException.check(data.length == (long) n * w, "the array has %d bytes for %d elements of %d.", data.length, n, w);
            int[] out = new int[n];
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data)
                    .order(dtype.littleEndian() ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
            for (int i = 0; i < n; i++) {
                long v = switch (w) {
                    case 1 -> t.startsWith("u") ? b.get(i) & 0xff : b.get(i);
                    case 2 -> t.startsWith("u") ? b.getShort(2 * i) & 0xffff : b.getShort(2 * i);
                    case 4 -> t.startsWith("u") ? b.getInt(4 * i) & 0xffffffffL : b.getInt(4 * i);
                    case 8 -> b.getLong(8 * i);
                    default -> throw new Gen4jException("unsupported integer width " + w + ".");
                };
                out[i] = Math.toIntExact(v);
            }
            return out;
        }
    }
}
