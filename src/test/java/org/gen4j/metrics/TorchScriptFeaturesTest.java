package org.gen4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gen4j.Gen4jException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loading path for the FID Inception TorchScript, exercised with a tiny stand-in made by
 * PyTorch (src/test/resources/fixtures/make_tiny_inception.py) together with the outputs PyTorch
 * computed for a fixed input.
 */
class TorchScriptFeaturesTest {

    @TempDir
    Path tmp;

    private Path fixture(String name) throws IOException {
        Path p = tmp.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    private static float[] floats(JsonArray a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsFloat();
        }
        return v;
    }

    @Test
    void featuresAndProbabilitiesMatchWhatPyTorchComputed() throws IOException {
        JsonObject expected;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/tiny_inception_expected.json")) {
            expected = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
        try (FeatureNetwork net = FeatureNetworks.open(fixture("tiny_inception.pt"), FeatureNetworks.FLAG); NDManager m = NDManager.newBaseManager()) {
            assertThat(net).isInstanceOf(TorchScriptFeatures.class);
            assertThat(net.featureDim()).isEqualTo(32);
            assertThat(net.id()).startsWith("torchscript-");
            FeatureNetwork.Output out = net.apply(m.create(floats(expected.getAsJsonArray("input")), new Shape(2, 1, 16, 16)));
            float[] f = out.features().toFloatArray(), want = floats(expected.getAsJsonArray("features"));
            assertThat(f).hasSize(want.length);
            for (int i = 0; i < f.length; i++) {
                assertThat(f[i]).isCloseTo(want[i], within(1e-4f));
            }
            float[] p = out.probabilities().toFloatArray(), wantP = floats(expected.getAsJsonArray("probabilities"));
            for (int i = 0; i < p.length; i++) {
                assertThat(p[i]).isCloseTo(wantP[i], within(1e-5f));
            }
        }
    }

    @Test
    void missingEmptyOrMalformedFilesAreNamed() throws IOException {
        assertThatThrownBy(() -> FeatureNetworks.open(tmp.resolve("nope.pt"), FeatureNetworks.FLAG)).isInstanceOf(Gen4jException.class)
                .hasMessageContaining("nope.pt does not exist");
        Path empty = Files.createFile(tmp.resolve("empty.pt"));
        assertThatThrownBy(() -> FeatureNetworks.open(empty, FeatureNetworks.FLAG)).hasMessageContaining("is empty");
        Path zip = tmp.resolve("bad.pt");
        Files.write(zip, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
        assertThatThrownBy(() -> FeatureNetworks.open(zip, FeatureNetworks.FLAG)).isInstanceOf(Gen4jException.class)
                .hasMessageContaining("bad.pt is not a TorchScript feature network");
        Path junk = tmp.resolve("junk.safetensors");
        Files.writeString(junk, "junk junk junk");
        assertThatThrownBy(() -> FeatureNetworks.open(junk, FeatureNetworks.FLAG)).isInstanceOf(Gen4jException.class)
                .hasMessageContaining("junk.safetensors is not a valid safetensors file");
    }
}
