package org.gen4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gen4j.Gen4jException;
import org.gen4j.io.SafePickle;

/** Checks on what {@link SafePickle} returns: the expected fields with the expected types, each failure in one sentence. */
final class Pickles {

    private Pickles() {}

    /** {@code o} as a dict with string keys, every key among {@code allowed}. */
    static Map<String, Object> dict(Object o, Path file, Set<String> allowed) {
        Gen4jException.check(o instanceof Map<?, ?>, "%s holds a %s, not the dict the format has.", file, typeName(o));
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
            Object k = e.getKey();
            String key = k instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1) : String.valueOf(k);
            Gen4jException.check(k instanceof String || k instanceof byte[], "%s has a key of type %s.", file, typeName(k));
            Gen4jException.check(allowed.contains(key), "%s has an unexpected field '%s' (expected %s).", file, key,
                    String.join(", ", allowed.stream().sorted().toList()));
            out.put(key, e.getValue());
        }
        return out;
    }

    static SafePickle.NdArray array(Map<String, Object> d, String key, Path file, String dtype) {
        Object v = d.get(key);
        Gen4jException.check(v != null, "%s lacks the field '%s'.", file, key);
        Gen4jException.check(v instanceof SafePickle.NdArray, "%s: '%s' is a %s, not a numpy array.", file, key, typeName(v));
        SafePickle.NdArray a = (SafePickle.NdArray) v;
        Gen4jException.check(dtype == null || a.dtype().name().equals(dtype), "%s: '%s' has numpy dtype %s, not %s.", file, key,
                a.dtype().name(), dtype);
        Gen4jException.check(!a.fortran() || a.shape().length < 2, "%s: '%s' is in Fortran order, which the format never is.", file, key);
        Gen4jException.check(a.byteLength() == a.size() * a.dtype().itemSize(), "%s: '%s' holds %d bytes for %d elements.", file, key,
                a.byteLength(), a.size());
        return a;
    }

    /** A list (or integer numpy array) of {@code n} labels, each in {@code [first, first + classes)}, returned from 0. */
    static int[] intList(Map<String, Object> d, String key, Path file, int n, int classes) {
        return labels(d.get(key), key, file, n, classes, 0);
    }

    static int[] labels(Object v, String key, Path file, int n, int classes, int first) {
        Gen4jException.check(v != null, "%s lacks the field '%s'.", file, key);
        int[] out;
        if (v instanceof SafePickle.NdArray a) {
            out = a.ints();
        } else {
            Gen4jException.check(v instanceof List<?>, "%s: '%s' is a %s, not a list of labels.", file, key, typeName(v));
            List<?> list = (List<?>) v;
            out = new int[list.size()];
            for (int i = 0; i < out.length; i++) {
                Gen4jException.check(list.get(i) instanceof Number, "%s: '%s' entry %d is a %s, not an integer.", file, key, i,
                        typeName(list.get(i)));
                out[i] = ((Number) list.get(i)).intValue();
            }
        }
        Gen4jException.check(out.length == n, "%s has %d labels for %d images.", file, out.length, n);
        for (int i = 0; i < n; i++) {
            Gen4jException.check(out[i] >= first && out[i] < first + classes, "%s: label %d of image %d is outside %d to %d.", file,
                    out[i], i, first, first + classes - 1);
            out[i] -= first;
        }
        return out;
    }

    static List<String> stringList(Map<String, Object> d, String key, Path file) {
        Object v = d.get(key);
        Gen4jException.check(v instanceof List<?>, "%s: '%s' is a %s, not a list of names.", file, key, typeName(v));
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            Gen4jException.check(o instanceof String || o instanceof byte[], "%s: '%s' holds a %s, not a name.", file, key, typeName(o));
            out.add(o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : (String) o);
        }
        return out;
    }

    static String typeName(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Object[]) {
            return "tuple";
        }
        if (o instanceof List<?>) {
            return "list";
        }
        if (o instanceof Map<?, ?>) {
            return "dict";
        }
        return o.getClass().getSimpleName();
    }
}
