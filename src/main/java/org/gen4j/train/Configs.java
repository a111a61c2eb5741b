package org.gen4j.train;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gen4j.Gen4jException;

/**
 * Typed configuration records: overriding fields by name ({@code --set key=value}) and converting
 * to and from JSON, strictly. Unknown keys are errors that list the accepted ones; values are
 * parsed by the field's type (int, long, double, boolean, String or enum); the record's own
 * constructor validates the result.
 */
public final class Configs {

    private Configs() {}

    /** The field names of a configuration record, in declaration order. */
    public static List<String> keys(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    /**
     * A copy of {@code base} with the named fields replaced.
     *
     * @param owner names the configuration in messages, e.g. "model progan"
     */
    public static <R extends Record> R override(R base, Map<String, String> values, String owner) {
        @SuppressWarnings("unchecked")
        Class<R> type = (Class<R>) base.getClass();
        RecordComponent[] comps = type.getRecordComponents();
        for (String key : values.keySet()) {
            if (Arrays.stream(comps).noneMatch(c -> c.getName().equals(key))) {
                throw new Gen4jException("unknown setting '" + key + "' for " + owner + "; accepted: "
                        + String.join(", ", keys(type)) + ".");
            }
        }
        Object[] args = new Object[comps.length];
        for (int i = 0; i < comps.length; i++) {
            String raw = values.get(comps[i].getName());
            args[i] = raw == null ? get(base, comps[i]) : parse(comps[i], raw, owner);
        }
        return construct(type, comps, args);
    }

    /** {@code --set key=value} options as an ordered map; a malformed one is refused. */
    public static Map<String, String> parseSets(List<String> sets) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            Gen4jException.check(eq > 0 && eq < s.length() - 1, "--set %s is malformed; use --set key=value.", s);
            m.put(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
        }
        return m;
    }

    /** The integer field {@code name} of a configuration record (e.g. "resolution", "batch"). */
    public static int intValue(Record config, String name) {
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            if (c.getName().equals(name) && c.getType() == int.class) {
                return (int) get(config, c);
            }
        }
        throw new IllegalArgumentException(config.getClass().getSimpleName() + " has no int field '" + name + "'");
    }

    /** The integer field {@code name}, or {@code fallback} for a record without it. */
    public static int intValue(Record config, String name, int fallback) {
        return keys(config.getClass()).contains(name) ? intValue(config, name) : fallback;
    }

    /** The record as a JSON object with one member per field. */
    public static JsonObject toJson(Record config) {
        JsonObject o = new JsonObject();
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            Object v = get(config, c);
            if (v instanceof Number n) {
                o.add(c.getName(), new JsonPrimitive(n));
            } else if (v instanceof Boolean b) {
                o.add(c.getName(), new JsonPrimitive(b));
            } else {
                o.add(c.getName(), new JsonPrimitive(v.toString()));
            }
        }
        return o;
    }

    /** Parses what {@link #toJson} wrote; every field must be present and no other. */
    public static <R extends Record> R fromJson(JsonObject json, Class<R> type, String owner) {
        RecordComponent[] comps = type.getRecordComponents();
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            values.put(e.getKey(), e.getValue().getAsString());
        }
        List<String> missing = new ArrayList<>();
        for (RecordComponent c : comps) {
            if (!values.containsKey(c.getName())) {
                missing.add(c.getName());
            }
        }
        Gen4jException.check(missing.isEmpty(), "%s lacks the settings %s.", owner, missing);
        Object[] args = new Object[comps.length];
        for (int i = 0; i < comps.length; i++) {
            args[i] = parse(comps[i], values.remove(comps[i].getName()), owner);
        }
        Gen4jException.check(values.isEmpty(), "%s has unknown settings %s; accepted: %s.", owner, values.keySet(),
                String.join(", ", keys(type)));
        return construct(type, comps, args);
    }

    private static Object get(Record r, RecordComponent c) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object parse(RecordComponent c, String raw, String owner) {
        Class<?> t = c.getType();
        String v = raw.strip();
        try {
            if (t == int.class) {
                return Integer.parseInt(v);
            } else if (t == long.class) {
                return Long.parseLong(v);
            } else if (t == double.class) {
                return Double.parseDouble(v);
            } else if (t == float.class) {
                return Float.parseFloat(v);
            } else if (t == boolean.class) {
                if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(v);
                }
                throw new NumberFormatException();
            } else if (t == String.class) {
                return v;
            } else if (t.isEnum()) {
                for (Object constant : t.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equalsIgnoreCase(v)) {
                        return constant;
                    }
                }
                throw new Gen4jException(String.format("%s=%s for %s is not one of %s.", c.getName(), raw, owner,
                        Arrays.stream(t.getEnumConstants()).map(o -> o.toString().toLowerCase(Locale.ROOT)).toList()));
            }
        } catch (NumberFormatException e) {
            throw new Gen4jException(String.format("%s=%s for %s is not a valid %s.", c.getName(), raw, owner, describe(t)));
        }
        throw new IllegalStateException("unsupported configuration type " + t + " for " + c.getName());
    }

    private static String describe(Class<?> t) {
        if (t == int.class || t == long.class) {
            return "integer";
        }
        if (t == boolean.class) {
            return "boolean (true or false)";
        }
        return "number";
    }

    private static <R extends Record> R construct(Class<R> type, RecordComponent[] comps, Object[] args) {
        Class<?>[] types = Arrays.stream(comps).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<R> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
