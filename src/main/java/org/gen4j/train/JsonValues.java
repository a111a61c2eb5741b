package org.gen4j.train;

import com.google.gson.JsonObject;
import java.util.Map;

/** Status maps into JSON: numbers stay numbers, anything else becomes its string. */
public final class JsonValues {

    private JsonValues() {}

    public static void putAll(JsonObject target, Map<String, ?> values) {
        values.forEach((k, v) -> {
            if (v instanceof Number n) {
                target.addProperty(k, n);
            } else if (v instanceof Boolean b) {
                target.addProperty(k, b);
            } else {
                target.addProperty(k, String.valueOf(v));
            }
        });
    }
}
