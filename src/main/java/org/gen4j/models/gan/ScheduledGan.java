package org.gen4j.models.gan;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Gan} that takes several critic steps per generator step ({@link CriticSchedule}): the
 * schedule's counters are checkpointed and the progress line shows the generator steps taken.
 */
public abstract class ScheduledGan<C extends Record, G extends org.gen4j.nn.Module, D extends org.gen4j.nn.Module> extends Gan<C, G, D> {

    protected final CriticSchedule schedule;

    protected ScheduledGan(C config, long seed, Network<C, G> generator, Network<C, D> discriminator, OptimizerFactory<C> gOptimizer,
            OptimizerFactory<C> dOptimizer, CriticSchedule schedule) {
        super(config, seed, generator, discriminator, gOptimizer, dOptimizer);
        this.schedule = schedule;
    }

    @Override
    protected Map<String, Object> modelStatus() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("g_steps", schedule.generatorSteps());
        return s;
    }

    @Override
    protected void writeJson(JsonObject json) {
        schedule.write(json);
    }

    @Override
    protected void readState(Map<String, NDArray> tensors, JsonObject json) {
        schedule.read(json);
    }
}
