package org.gen4j.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gen4j.Gen4jException;

/**
 * Everything that defines a run, written to {@code RUN/config.json}: the model and its fully
 * resolved configuration, the data and its class names (what {@code --class NAME} resolves
 * against), the seed, and the loop's options.
 */
public record RunConfig(String model, String preset, String data, List<String> classNames, long seed, TrainOptions options,
        Record modelConfig) {

    public RunConfig {
        classNames = List.copyOf(classNames);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("model", model);
        o.addProperty("preset", preset);
        o.addProperty("data", data);
        JsonArray names = new JsonArray();
        classNames.forEach(names::add);
        o.add("classNames", names);
        o.addProperty("seed", seed);
        o.add("train", Configs.toJson(options));
        o.add("config", Configs.toJson(modelConfig));
        return o;
    }

    /**
     * @param configType the configuration record class of the named model
     */
    public static RunConfig fromJson(JsonObject o, Function<String, Class<? extends Record>> configType, String source) {
        try {
            String model = o.get("model").getAsString();
            List<String> names = new ArrayList<>();
            if (o.has("classNames")) { // runs written before gen4j had conditional models have none
                o.getAsJsonArray("classNames").forEach(e -> names.add(e.getAsString()));
            }
            return new RunConfig(model, o.get("preset").getAsString(), o.get("data").getAsString(), names,
                    o.get("seed").getAsLong(),
                    Configs.fromJson(withDefaultPrecision(o.getAsJsonObject("train")), TrainOptions.class, source + " \"train\""),
                    Configs.fromJson(withLaterSettings(o.getAsJsonObject("config"), configType.apply(model)), configType.apply(model),
                            source + " \"config\""));
        } catch (NullPointerException | ClassCastException | IllegalStateException | UnsupportedOperationException e) {
            throw new Gen4jException(source + " is not a gen4j run configuration (model, preset, data, seed, train, config).");
        }
    }

    /**
     * Model settings added after runs of that model were written, with the value that reproduces
     * those runs: StyleGAN2 and StyleGAN3 became optionally class-conditional (unconditional before,
     * with D's label mapping of the official 8 layers unused).
     */
    private static final Map<String, Object> LATER_SETTINGS = Map.of("numClasses", 0, "conditional", false, "dMappingLayers", 8);

    /** An older run's model settings, completed with {@link #LATER_SETTINGS} its record has and the file lacks (all of them, or none). */
    private static JsonObject withLaterSettings(JsonObject config, Class<? extends Record> type) {
        List<String> keys = Configs.keys(type);
        List<String> lacking = LATER_SETTINGS.keySet().stream().filter(k -> keys.contains(k) && !config.has(k)).toList();
        if (lacking.isEmpty() || !lacking.containsAll(LATER_SETTINGS.keySet().stream().filter(keys::contains).toList())) {
            return config;
        }
        JsonObject c = config.deepCopy();
        for (String k : lacking) {
            Object v = LATER_SETTINGS.get(k);
            if (v instanceof Boolean b) {
                c.addProperty(k, b);
            } else {
                c.addProperty(k, (Number) v);
            }
        }
        return c;
    }

    /** Runs written before gen4j had a precision setting computed in float32, and those before augmentation had none. */
    private static JsonObject withDefaultPrecision(JsonObject train) {
        JsonObject t = train.deepCopy();
        if (!t.has("precision")) {
            t.addProperty("precision", "float32");
        }
        if (!t.has("augment")) {
            t.addProperty("augment", "none");
            t.addProperty("adaTarget", TrainOptions.DEFAULT_ADA_TARGET);
        }
        return t;
    }

    /**
     * What makes {@code other} a different run: model, data, seed or any model setting. The length
     * and reporting intervals may change between sessions of one run.
     */
    public List<String> differences(RunConfig other) {
        List<String> d = new ArrayList<>();
        if (!model.equals(other.model)) {
            d.add("model " + model + " vs " + other.model);
        }
        if (!data.equals(other.data)) {
            d.add("data " + data + " vs " + other.data);
        }
        if (seed != other.seed) {
            d.add("seed " + seed + " vs " + other.seed);
        }
        JsonObject a = Configs.toJson(modelConfig), b = Configs.toJson(other.modelConfig);
        for (String k : a.keySet()) {
            if (!a.get(k).equals(b.get(k))) {
                d.add(k + " " + a.get(k) + " vs " + b.get(k));
            }
        }
        return d;
    }
}
