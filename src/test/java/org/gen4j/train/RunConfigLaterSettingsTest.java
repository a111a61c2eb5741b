package org.gen4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.util.List;
import org.gen4j.models.stylegan2.StyleGan2Config;
import org.gen4j.ops.Precision;
import org.junit.jupiter.api.Test;

/** Runs written before StyleGAN2 and StyleGAN3 could be class-conditional still load, as the unconditional models they were. */
class RunConfigLaterSettingsTest {

    static JsonObject written(StyleGan2Config c) {
        return new RunConfig("stylegan2", "cpu", "fashion-mnist", List.of(), 0, new TrainOptions(40, 1, 10, 10, 3, 64, "", 10, 5000, "",
                Precision.FLOAT32), c).toJson();
    }

    @Test
    void anOlderStyleGan2RunLoadsUnconditional() {
        StyleGan2Config c = StyleGan2Config.cpu(32, 1);
        JsonObject o = written(c);
        for (String k : List.of("numClasses", "conditional", "dMappingLayers")) {
            o.getAsJsonObject("config").remove(k);
        }
        RunConfig r = RunConfig.fromJson(o, name -> StyleGan2Config.class, "old/config.json");
        assertThat(r.modelConfig()).isEqualTo(c);
        // a file that lacks only some of them is not an older run: it is refused, naming what it lacks
        JsonObject partial = written(c);
        partial.getAsJsonObject("config").remove("numClasses");
        assertThatThrownBy(() -> RunConfig.fromJson(partial, name -> StyleGan2Config.class, "x/config.json"))
                .hasMessageContaining("lacks the settings [numClasses]");
    }
}
