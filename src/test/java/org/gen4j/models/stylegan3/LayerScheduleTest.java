package org.gen4j.models.stylegan3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule against the official code's numbers (fixtures/make_stylegan3_fixtures.py). */
class LayerScheduleTest {

    @Test
    void everyLayersNumbersEqualTheOfficialCodes() throws IOException {
        JsonObject fixtures;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/stylegan3_fixtures.json")) {
            fixtures = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        int cases = 0;
        for (JsonElement e : fixtures.getAsJsonArray("schedule")) {
            JsonObject c = e.getAsJsonObject();
            LayerSchedule s = LayerSchedule.of(c.get("resolution").getAsInt(), 3, c.get("channel_base").getAsInt(),
                    c.get("channel_max").getAsInt(), 14, 2, 2, Math.pow(2, 2.1), Math.pow(2, 0.3), 10, c.get("conv_kernel").getAsInt(), 6, 2,
                    c.get("radial").getAsBoolean());
            JsonObject in = c.getAsJsonObject("input");
            assertThat(s.input().channels()).isEqualTo(in.get("channels").getAsInt());
            assertThat(s.input().size()).isEqualTo(in.get("size").getAsInt());
            assertThat(s.input().samplingRate()).isEqualTo(in.get("sampling_rate").getAsDouble());
            assertThat(s.input().bandwidth()).isCloseTo(in.get("bandwidth").getAsDouble(), within(1e-12));
            List<JsonElement> layers = c.getAsJsonArray("layers").asList();
            assertThat(s.layers()).hasSameSizeAs(layers);
            for (int i = 0; i < layers.size(); i++) {
                JsonObject o = layers.get(i).getAsJsonObject();
                LayerSchedule.Layer l = s.layers().get(i);
                String at = c.get("resolution") + "px " + o.get("name").getAsString();
                assertThat(List.of(l.toRgb(), l.critical(), l.downRadial())).as(at)
                        .containsExactly(o.get("torgb").getAsBoolean(), o.get("critical").getAsBoolean(), o.get("down_radial").getAsBoolean());
                assertThat(new int[] {l.inChannels(), l.outChannels(), l.inSize(), l.outSize(), l.up(), l.down(), l.upTaps(), l.downTaps(),
                        l.kernel()}).as(at).containsExactly(o.get("in_channels").getAsInt(), o.get("out_channels").getAsInt(),
                                o.get("in_size").getAsInt(), o.get("out_size").getAsInt(), o.get("up").getAsInt(), o.get("down").getAsInt(),
                                o.get("up_taps").getAsInt(), o.get("down_taps").getAsInt(), o.get("conv_kernel").getAsInt());
                assertThat(l.padding()).as(at).containsExactly(o.getAsJsonArray("padding").asList().stream().mapToInt(JsonElement::getAsInt)
                        .toArray());
                assertThat(new double[] {l.inSamplingRate(), l.outSamplingRate(), l.inCutoff(), l.outCutoff(), l.inHalfWidth(),
                        l.outHalfWidth()}).as(at).containsExactly(new double[] {o.get("in_sampling_rate").getAsDouble(),
                                o.get("out_sampling_rate").getAsDouble(), o.get("in_cutoff").getAsDouble(), o.get("out_cutoff").getAsDouble(),
                                o.get("in_half_width").getAsDouble(), o.get("out_half_width").getAsDouble()}, within(1e-9));
                cases++;
            }
        }
        assertThat(cases).isEqualTo(45);
    }

    @Test
    void aResolutionTheScheduleCannotServeIsRefused() {
        assertThatThrownBy(() -> LayerSchedule.of(48, 3, 32768, 512, 14, 2, 2, Math.pow(2, 2.1), Math.pow(2, 0.3), 10, 3, 6, 2, false))
                .hasMessageContaining("power-of-two resolution of at least 16, got 48");
    }

    @Test
    void powersOfTwoAreExact() {
        assertThat(LayerSchedule.powerOfTwoAtLeast(16)).isEqualTo(16);
        assertThat(LayerSchedule.powerOfTwoAtLeast(16.000001)).isEqualTo(32);
        assertThat(LayerSchedule.powerOfTwoAtLeast(8.57)).isEqualTo(16);
    }
}
