package org.gen4j.train;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gen4j.nn.Module;
import org.gen4j.nn.Parameters;

/**
 * The checkpointed state every GAN here shares: generator, discriminator and the generator's
 * moving average (parameters and buffers, under {@code G.}, {@code D.}, {@code G_ema.}) and both
 * Adam optimisers (moments under {@code optG.}, {@code optD.}, step counts in JSON). Models add
 * their own extras to what this returns.
 */
public record GanState(Module g, Module d, Module gEma, Adam optG, Adam optD) {

    /** The tensors, by stable name. */
    public Map<String, NDArray> tensors() {
        Map<String, NDArray> s = new LinkedHashMap<>();
        g.state().forEach((k, v) -> s.put("G." + k, v));
        d.state().forEach((k, v) -> s.put("D." + k, v));
        gEma.state().forEach((k, v) -> s.put("G_ema." + k, v));
        s.putAll(optG.state("optG."));
        s.putAll(optD.state("optD."));
        return s;
    }

    /** The optimisers' step counts. */
    public JsonObject json() {
        JsonObject o = new JsonObject();
        o.addProperty("optG_steps", optG.steps());
        o.addProperty("optD_steps", optD.steps());
        return o;
    }

    /** Restores what {@link #tensors} and {@link #json} saved. */
    public void load(Map<String, NDArray> tensors, JsonObject json) {
        g.load(Parameters.withPrefix(tensors, "G."));
        d.load(Parameters.withPrefix(tensors, "D."));
        gEma.load(Parameters.withPrefix(tensors, "G_ema."));
        optG.load("optG.", tensors, json.get("optG_steps").getAsLong());
        optD.load("optD.", tensors, json.get("optD_steps").getAsLong());
    }

    /** Copies the saved tensor {@code name} into {@code target}; a missing one is named. */
    public static void restore(Map<String, NDArray> tensors, String name, NDArray target) {
        NDArray source = tensors.get(name);
        if (source == null) {
            throw new IllegalArgumentException("missing tensor '" + name + "'");
        }
        Parameters.assign(target, source);
    }
}
