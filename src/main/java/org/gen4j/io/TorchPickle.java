package org.gen4j.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import org.gen4j.Gen4jException;

/**
 * Reads the Python pickles PyTorch programs write with {@code pickle.dump} (NVIDIA's StyleGAN
 * network pickles among them) without executing anything. Only these globals are accepted, each
 * rebuilt as data:
 *
 * <ul>
 *   <li>{@code torch_utils.persistence._reconstruct_persistent_obj}: NVIDIA's persistent classes,
 *       which embed their module's source; gen4j reads the class name and the object's state and
 *       never the source ({@link PersistentObject});
 *   <li>{@code torch._utils._rebuild_tensor_v2} and {@code _rebuild_parameter}: tensors, as
 *       {@link Tensor}s of float32 values;
 *   <li>{@code torch.storage._load_from_bytes}: a tensor's storage, itself in PyTorch's legacy
 *       serialisation (magic number, protocol, system information, a pickle whose storages are
 *       persistent ids, the storage keys, then per storage its element count and raw
 *       little-endian data);
 *   <li>{@code collections.OrderedDict}, {@code dnnlib.util.EasyDict}: maps; numpy scalars, and
 *       numpy arrays as {@link SafePickle} reads them.
 * </ul>
 *
 * Any other global is refused with its name.
 */
public final class TorchPickle {

    private TorchPickle() {}

    /** An instance of one of NVIDIA's persistent classes: its class name and its {@code __dict__}. */
    public record PersistentObject(String className, Map<String, Object> state) {

        /** The value of {@code state[key]}, which must be a map (nn.Module's {@code _parameters}, {@code _modules}, ...). */
        @SuppressWarnings("unchecked")
        public Map<String, Object> map(String key) {
            Object v = state.get(key);
            return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }
    }

    /** A tensor: its shape and its elements in row-major order, as float32. */
    public record Tensor(long[] shape, float[] data, String dtype) {

        public long size() {
            return data.length;
        }

        @Override
        public String toString() {
            return dtype + Arrays.toString(shape);
        }
    }

    /** A storage: element type, count and (once read) its values. */
    static final class Storage {
        final String type;
        final long count;
        float[] values;

        Storage(String type, long count) {
            this.type = type;
            this.count = count;
        }
    }

    /** The object pickled in {@code file}; one sentence for a truncated or malformed pickle or a refused global. */
    public static Object read(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16); Restricted u = new Restricted(null)) {
            return u.load(in);
        } catch (PickleException | ClassCastException | IllegalArgumentException | IndexOutOfBoundsException | NullPointerException e) {
            throw new Gen4jException(file + " is not a PyTorch pickle gen4j reads: " + e.getMessage() + ".", e);
        } catch (IOException e) {
            throw new Gen4jException(file + " is truncated or unreadable: " + e.getMessage() + ".", e);
        }
    }

    /**
     * The object saved in a PyTorch zip checkpoint ({@code torch.save}'s format since 1.6:
     * {@code ARCHIVE/data.pkl}, whose storages are persistent ids naming {@code ARCHIVE/data/KEY}
     * entries of raw little-endian values); one sentence for a truncated or malformed file.
     */
    public static Object readZip(Path file) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            java.util.zip.ZipEntry pkl = zip.stream().filter(e -> e.getName().endsWith("data.pkl")).findFirst().orElse(null);
            Gen4jException.check(pkl != null, "%s is a ZIP file but not a PyTorch checkpoint: it has no data.pkl.", file);
            String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            Map<String, Storage> storages = new HashMap<>();
            try (InputStream in = new BufferedInputStream(zip.getInputStream(pkl)); Restricted u = new Restricted(storages, (key, s) -> {
                java.util.zip.ZipEntry data = zip.getEntry(prefix + "data/" + key);
                if (data == null) {
                    throw new PickleException("its storage " + key + " has no entry " + prefix + "data/" + key);
                }
                try (InputStream raw = zip.getInputStream(data)) {
                    long bytes = s.count * elementSize(s.type);
                    byte[] b = raw.readNBytes((int) Math.min(bytes, Integer.MAX_VALUE - 8));
                    if (b.length != bytes) {
                        throw new PickleException("its storage " + key + " holds " + b.length + " bytes where " + bytes + " are needed");
                    }
                    s.values = toFloats(b, s.type, (int) s.count);
                } catch (IOException e) {
                    throw new PickleException("its storage " + key + " cannot be read: " + e.getMessage());
                }
            })) {
                return u.load(in);
            }
        } catch (PickleException | ClassCastException | IllegalArgumentException | IndexOutOfBoundsException | NullPointerException e) {
            throw new Gen4jException(file + " is not a PyTorch checkpoint gen4j reads: " + e.getMessage() + ".", e);
        } catch (IOException e) {
            throw new Gen4jException(file + " is truncated or not a ZIP file: " + e.getMessage() + ".", e);
        }
    }

    private static final Map<String, String> STORAGE_TYPES = Map.of("torch.FloatStorage", "float32", "torch.DoubleStorage", "float64",
            "torch.HalfStorage", "float16", "torch.BFloat16Storage", "bfloat16", "torch.LongStorage", "int64", "torch.IntStorage", "int32",
            "torch.ByteStorage", "uint8", "torch.BoolStorage", "bool", "torch.CharStorage", "int8", "torch.ShortStorage", "int16");

    private static int elementSize(String type) {
        return switch (type) {
            case "float64", "int64" -> 8;
            case "float32", "int32" -> 4;
            case "float16", "bfloat16", "int16" -> 2;
            default -> 1;
        };
    }

    /** A storage from PyTorch's legacy serialisation of one storage ({@code torch.save(storage, _use_new_zipfile_serialization=False)}). */
    static Storage storageFromBytes(byte[] bytes) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        for (int i = 0; i < 3; i++) { // magic number, protocol version, system information
            try (Restricted u = new Restricted(null)) {
                Object header = u.load(in);
                if (i == 1 && !(header instanceof Number n && n.intValue() == 1001)) {
                    throw new PickleException("a tensor storage has serialisation protocol " + header + ", not 1001");
                }
            }
        }
        Map<String, Storage> byKey = new HashMap<>();
        Object root;
        try (Restricted u = new Restricted(byKey)) {
            root = u.load(in);
        }
        List<?> keys;
        try (Restricted u = new Restricted(null)) {
            keys = (List<?>) u.load(in);
        }
        for (Object key : keys) {
            Storage s = byKey.get(String.valueOf(key));
            if (s == null) {
                throw new PickleException("a tensor storage lists key " + key + " it does not define");
            }
            byte[] count = in.readNBytes(8);
            if (count.length < 8) {
                throw new IOException("a tensor storage ends before its data");
            }
            long n = ByteBuffer.wrap(count).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n != s.count || n < 0 || n > Integer.MAX_VALUE) {
                throw new PickleException("a tensor storage holds " + n + " elements where its header says " + s.count);
            }
            byte[] data = in.readNBytes(Math.toIntExact(n * elementSize(s.type)));
            if (data.length != n * elementSize(s.type)) {
                throw new IOException("a tensor storage ends inside its data");
            }
            s.values = toFloats(data, s.type, (int) n);
        }
        if (!(root instanceof Storage s) || s.values == null) {
            throw new PickleException("a tensor storage holds no data");
        }
        return s;
    }

    private static float[] toFloats(byte[] data, String type, int n) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (type) {
                case "float32" -> b.getFloat(4 * i);
                case "float64" -> (float) b.getDouble(8 * i);
                case "float16" -> half(b.getShort(2 * i));
                case "bfloat16" -> Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
                case "int64" -> b.getLong(8 * i);
                case "int32" -> b.getInt(4 * i);
                case "int16" -> b.getShort(2 * i);
                case "int8" -> b.get(i);
                default -> b.get(i) & 0xff;
            };
        }
        return out;
    }

    /** An IEEE 754 half-precision value. */
    static float half(short bits) {
        int sign = (bits >> 15) & 1, exponent = (bits >> 10) & 0x1f, mantissa = bits & 0x3ff;
        float magnitude = exponent == 0 ? mantissa * 0x1p-24f
                : exponent == 31 ? (mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN)
                : Float.intBitsToFloat((exponent + 112) << 23 | mantissa << 13);
        return sign == 1 ? -magnitude : magnitude;
    }

    /** {@code _rebuild_tensor_v2(storage, offset, size, stride, ...)}: the elements the view selects, in row-major order. */
    static Tensor tensor(Object[] args) {
        Storage s = (Storage) args[0];
        long offset = ((Number) args[1]).longValue();
        Object[] size = (Object[]) args[2], stride = (Object[]) args[3];
        long[] shape = new long[size.length];
        long[] step = new long[size.length];
        long n = 1;
        for (int i = 0; i < size.length; i++) {
            shape[i] = ((Number) size[i]).longValue();
            step[i] = ((Number) stride[i]).longValue();
            n *= shape[i];
        }
        float[] out = new float[Math.toIntExact(n)];
        long[] index = new long[shape.length];
        for (int i = 0; i < out.length; i++) {
            long at = offset;
            for (int d = 0; d < shape.length; d++) {
                at += index[d] * step[d];
            }
            if (at < 0 || at >= s.values.length) {
                throw new PickleException("a tensor view reaches element " + at + " of a storage of " + s.values.length);
            }
            out[i] = s.values[(int) at];
            for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
        return new Tensor(shape, out, s.type);
    }

    /** razorvine's unpickler with its globals limited to the ones above (and, inside a storage, the storage types). */
    private static final class Restricted extends Unpickler implements AutoCloseable {
        private final Map<String, Storage> storages; // null outside a storage's serialisation
        private final java.util.function.BiConsumer<String, Storage> fill; // a zip checkpoint's: reads a storage's entry

        Restricted(Map<String, Storage> storages) {
            this(storages, null);
        }

        Restricted(Map<String, Storage> storages, java.util.function.BiConsumer<String, Storage> fill) {
            this.storages = storages;
            this.fill = fill;
        }

        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
            if (key == Opcodes.GLOBAL) {
                String module = PickleUtils.readline(input), name = PickleUtils.readline(input);
                stack.add(global(module + "." + name));
                return NO_RETURN_VALUE;
            }
            if (key == Opcodes.STACK_GLOBAL) {
                String name = (String) stack.pop(), module = (String) stack.pop();
                stack.add(global(module + "." + name));
                return NO_RETURN_VALUE;
            }
            if (key == Opcodes.BUILD) {
                Object state = stack.pop();
                Object target = stack.peek();
                if (target instanceof Map<?, ?> && (state == null || state instanceof Map<?, ?>)) {
                    // a dict subclass's attributes (EasyDict's empty __dict__, a state_dict's _metadata), not its items
                    return NO_RETURN_VALUE;
                }
                stack.add(state);
                return super.dispatch(key);
            }
            if (key == Opcodes.INST || key == Opcodes.OBJ || key == Opcodes.EXT1 || key == Opcodes.EXT2 || key == Opcodes.EXT4
                    || key == Opcodes.PERSID || key == Opcodes.BINPERSID && storages == null) {
                throw new PickleException("it uses opcode " + (char) key + ", which builds arbitrary objects");
            }
            return super.dispatch(key);
        }

        @Override
        protected Object persistentLoad(Object pid) {
            Object[] id = (Object[]) pid; // ('storage', type, key, location, count[, view])
            if (id.length < 5 || !"storage".equals(id[0]) || !(id[1] instanceof StorageType t)) {
                throw new PickleException("a tensor storage has a persistent id gen4j does not know: " + Arrays.toString(id));
            }
            return storages.computeIfAbsent(String.valueOf(id[2]), k -> {
                Storage s = new Storage(t.dtype(), ((Number) id[4]).longValue());
                if (fill != null) {
                    fill.accept(k, s);
                }
                return s;
            });
        }

        private Object global(String name) {
            String dtype = STORAGE_TYPES.get(name);
            if (dtype != null && storages != null) {
                return new StorageType(dtype);
            }
            IObjectConstructor c = switch (name) {
                case "torch_utils.persistence._reconstruct_persistent_obj" -> args -> persistent(args);
                case "torch._utils._rebuild_tensor_v2" -> TorchPickle::tensor;
                case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> args -> (Tensor) args[0];
                case "torch.storage._load_from_bytes" -> args -> {
                    try {
                        return storageFromBytes((byte[]) args[0]);
                    } catch (IOException e) {
                        throw new PickleException(e.getMessage());
                    }
                };
                case "collections.OrderedDict", "dnnlib.util.EasyDict" -> args -> new LinkedHashMap<>();
                case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar" -> TorchPickle::scalar;
                case "numpy.dtype" -> args -> new SafePickle.Dtype(String.valueOf(args[0]));
                case "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct" -> args -> new SafePickle.NdArray();
                case "numpy.ndarray" -> args -> {
                    throw new PickleException("numpy.ndarray is only accepted as the argument of _reconstruct");
                };
                case "_codecs.encode" -> objectConstructors.get(name);
                default -> throw new PickleException("it refers to " + name + ", which gen4j does not rebuild");
            };
            return c;
        }
    }

    /** A storage class named in a persistent id ({@code torch.FloatStorage} and the like). */
    record StorageType(String dtype) {}

    @SuppressWarnings("unchecked")
    private static PersistentObject persistent(Object[] args) {
        Map<String, Object> meta = (Map<String, Object>) args[0];
        Object state = meta.get("state");
        if (!"class".equals(meta.get("type")) || !(state instanceof Map<?, ?>)) {
            throw new PickleException("a persistent object of type " + meta.get("type") + " has no state gen4j reads");
        }
        return new PersistentObject(String.valueOf(meta.get("class_name")), (Map<String, Object>) state);
    }

    /** {@code numpy.core.multiarray.scalar(dtype, bytes)}: a numpy scalar as a Java number. */
    private static Object scalar(Object[] args) {
        SafePickle.Dtype t = (SafePickle.Dtype) args[0];
        byte[] raw = args[1] instanceof byte[] b ? b : SafePickle.NdArray.latin1(String.valueOf(args[1]));
        ByteBuffer b = ByteBuffer.wrap(raw).order(t.littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        String name = t.name();
        return switch (name) {
            case "f8" -> b.getDouble();
            case "f4" -> (double) b.getFloat();
            case "f2" -> (double) half(b.getShort());
            case "i8", "u8" -> b.getLong();
            case "i4" -> (long) b.getInt();
            case "u4" -> b.getInt() & 0xffffffffL;
            case "i2" -> (long) b.getShort();
            case "i1" -> (long) b.get();
            case "u1", "b1" -> (long) (b.get() & 0xff);
            default -> throw new PickleException("it holds a numpy scalar of type " + name + ", which gen4j does not read");
        };
    }

    /**
     * Every tensor of a persistent module, by dotted name as {@code state_dict()} names them: its
     * {@code _parameters} and {@code _buffers}, then its {@code _modules}' recursively.
     */
    public static Map<String, Tensor> stateDict(PersistentObject module) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect(module, "", out, new ArrayList<>());
        return out;
    }

    private static void collect(PersistentObject module, String prefix, Map<String, Tensor> out, List<PersistentObject> path) {
        if (path.contains(module)) {
            throw new Gen4jException("module " + prefix + " contains itself.");
        }
        path.add(module);
        for (String kind : List.of("_parameters", "_buffers")) {
            module.map(kind).forEach((name, v) -> {
                if (v instanceof Tensor t) {
                    out.put(prefix + name, t);
                }
            });
        }
        module.map("_modules").forEach((name, v) -> {
            if (v instanceof PersistentObject child) {
                collect(child, prefix + name + ".", out, path);
            } else if (v != null) {
                throw new Gen4jException("module " + prefix + name + " is a " + v.getClass().getSimpleName()
                        + ", not one of NVIDIA's persistent network classes.");
            }
        });
        path.remove(path.size() - 1);
    }
}
