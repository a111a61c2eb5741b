package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Filters against scipy's (fixtures from src/test/resources/fixtures/make_stylegan3_fixtures.py). */
class FilterDesignTest {

    static JsonObject fixtures() throws IOException {
        try (InputStream in = FilterDesignTest.class.getResourceAsStream("/fixtures/stylegan3_fixtures.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    private static double[] flat(JsonArray a) {
        return a.asList().stream().flatMap(e -> e.isJsonArray() ? e.getAsJsonArray().asList().stream() : java.util.stream.Stream.of(e))
                .mapToDouble(JsonElement::getAsDouble).toArray();
    }

    @Test
    void kaiserLowpassEqualsScipyFirwin() throws IOException {
        for (JsonElement e : fixtures().getAsJsonArray("kaiser")) {
            JsonObject c = e.getAsJsonObject();
            double[] expected = flat(c.getAsJsonArray("filter"));
            double[] actual = FilterDesign.kaiserLowpass(c.get("taps").getAsInt(), c.get("cutoff").getAsDouble(), c.get("width").getAsDouble(),
                    c.get("fs").getAsDouble());
            assertThat(actual).as("firwin %s", c.get("taps")).containsExactly(expected, within(1e-12));
        }
    }

    @Test
    void radialLowpassEqualsTheJincFormulaUnderScipysWindow() throws IOException {
        for (JsonElement e : fixtures().getAsJsonArray("radial")) {
            JsonObject c = e.getAsJsonObject();
            double[] expected = flat(c.getAsJsonArray("filter"));
            double[] actual = FilterDesign.radialLowpass(c.get("taps").getAsInt(), c.get("cutoff").getAsDouble(), c.get("width").getAsDouble(),
                    c.get("fs").getAsDouble());
            assertThat(actual).containsExactly(expected, within(1e-12));
        }
    }

    @Test
    void besselI0MatchesTabulatedValuesAndTheWindowIsSymmetricWithUnitPeak() {
        assertThat(FilterDesign.besselI0(0)).isEqualTo(1);
        assertThat(FilterDesign.besselI0(1)).isCloseTo(1.2660658777520084, within(1e-15));
        assertThat(FilterDesign.besselI0(5)).isCloseTo(27.239871823604442, within(1e-12));
        double[] w = FilterDesign.kaiserWindow(9, 6.0);
        assertThat(w[4]).isCloseTo(1, within(1e-15));
        for (int i = 0; i < 9; i++) {
            assertThat(w[i]).isCloseTo(w[8 - i], within(1e-15));
        }
        assertThat(w[0]).isCloseTo(1 / FilterDesign.besselI0(6.0), within(1e-15));
    }

    @Test
    void aSingleTapIsTheIdentityAndACutoffBeyondNyquistIsRefused() {
        assertThat(FilterDesign.kaiserLowpass(1, 2, 1, 16)).containsExactly(1);
        assertThatThrownBy(() -> FilterDesign.kaiserLowpass(12, 9, 1, 16)).hasMessageContaining("Nyquist");
    }
}
