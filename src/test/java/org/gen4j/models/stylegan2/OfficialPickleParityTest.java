package org.gen4j.models.stylegan2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.gen4j.ManagedTest;
import org.gen4j.interop.StyleGanPickle;
import org.gen4j.io.Npy;
import org.gen4j.train.StyleGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with NVIDIA's code: tiny StyleGAN2 networks built, perturbed and pickled by the official
 * stylegan2 networks ({@code src/test/resources/interop/make_fixtures.py}), imported into gen4j,
 * give the official G_ema images (noise mode const, with and without truncation) and D logits
 * for the same latents within 1e-4.
 */
class OfficialPickleParityTest extends ManagedTest {

    static Path fixture(String name) {
        try {
            return Path.of(OfficialPickleParityTest.class.getResource("/interop/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    NDArray npy(String name) {
        Npy.Array a = Npy.read(fixture(name));
        return m.create(a.floats(name), new Shape(a.header().shape()));
    }

    static double maxAbs(NDArray a, NDArray b) {
        assertThat(a.getShape()).isEqualTo(b.getShape());
        return a.sub(b).abs().max().getFloat();
    }

    @ParameterizedTest
    @ValueSource(strings = {"stylegan2-rgb16", "stylegan2-gray8"})
    void importedNetworksReproduceTheOfficialImagesAndLogits(String name) {
        StyleGanPickle pickle = StyleGanPickle.read(fixture(name + ".pkl"));
        StyleGan2Config c = pickle.stylegan2Config();
        NDArray z = npy(name + "-z.npy");
        NDArray expected = npy(name + "-const.npy");
        assertThat(c.resolution()).isEqualTo(expected.getShape().get(2));
        assertThat(c.imageChannels()).isEqualTo(expected.getShape().get(1));
        assertThat(c.zDim()).isEqualTo(8);
        try (StyleGan2 model = new StyleGan2(c, 5)) {
            pickle.loadInto(model, m);
            StyleGenerator g = model.generator();
            assertThat(maxAbs(g.generate(z, null), expected)).isLessThan(1e-4);
            NDArray truncated = g.synthesis(g.mapping(z, null, 0.5, g.numWs()));
            assertThat(maxAbs(truncated, npy(name + "-psi.npy"))).isLessThan(1e-4);
            assertThat(maxAbs(model.scores(expected).reshape(-1, 1), npy(name + "-d.npy"))).isLessThan(1e-4);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stylegan3t-rgb16", "stylegan3r-gray16"})
    void importedStyleGan3NetworksReproduceTheOfficialImagesAndLogits(String name) {
        StyleGanPickle pickle = StyleGanPickle.read(fixture(name + ".pkl"));
        assertThat(pickle.isStyleGan3()).isTrue();
        org.gen4j.models.stylegan3.StyleGan3Config c = pickle.stylegan3Config();
        assertThat(c.config()).isEqualTo(name.startsWith("stylegan3r") ? "r" : "t");
        NDArray z = npy(name + "-z.npy");
        NDArray expected = npy(name + "-const.npy");
        try (org.gen4j.models.stylegan3.StyleGan3 model = new org.gen4j.models.stylegan3.StyleGan3(c, 5)) {
            pickle.loadInto(model, m);
            StyleGenerator g = model.generator();
            assertThat(maxAbs(g.generate(z, null), expected)).isLessThan(1e-4);
            assertThat(maxAbs(g.synthesis(g.mapping(z, null, 0.5, g.numWs())), npy(name + "-psi.npy"))).isLessThan(1e-4);
            model.schedule(1_000_000_000L); // past config R's blur of D's input, which the official code applies in the loss, not in D
            assertThat(maxAbs(model.scores(expected).reshape(-1, 1), npy(name + "-d.npy"))).isLessThan(1e-4);
        }
    }

    /** The fixture's class labels {@code [N]} as int64. */
    NDArray labels(String name) {
        int[] c = Npy.read(fixture(name + "-c.npy")).ints(name);
        long[] l = new long[c.length];
        for (int i = 0; i < c.length; i++) {
            l[i] = c[i];
        }
        return m.create(l);
    }

    /** The official one-hot rows of labels. */
    NDArray oneHot(NDArray labels, int classes) {
        return org.gen4j.nn.Embedding.oneHot(labels, classes);
    }

    @org.junit.jupiter.api.Test
    void conditionalStyleGan2ReproducesTheOfficialImagesAndLogits() {
        String name = "stylegan2-cond16";
        StyleGanPickle pickle = StyleGanPickle.read(fixture(name + ".pkl"));
        StyleGan2Config c = pickle.stylegan2Config();
        assertThat(c.conditional()).isTrue();
        assertThat(c.numClasses()).isEqualTo(3);
        assertThat(c.dMappingLayers()).isEqualTo(8); // the official default, which the official train.py keeps for D
        NDArray z = npy(name + "-z.npy");
        NDArray labels = labels(name);
        NDArray expected = npy(name + "-const.npy");
        try (StyleGan2 model = new StyleGan2(c, 5)) {
            pickle.loadInto(model, m);
            StyleGenerator g = model.generator();
            assertThat(g.numClasses()).isEqualTo(3);
            assertThat(maxAbs(g.generate(z, labels), expected)).isLessThan(1e-4);
            assertThat(maxAbs(g.synthesis(g.mapping(z, labels, 0.5, g.numWs())), npy(name + "-psi.npy"))).isLessThan(1e-4);
            assertThat(maxAbs(g.withNoise(org.gen4j.train.NoiseMode.NONE).generate(z, labels), npy(name + "-none.npy"))).isLessThan(1e-4);
            assertThat(maxAbs(model.scores(expected, oneHot(labels, 3)).reshape(-1, 1), npy(name + "-d.npy"))).isLessThan(1e-4);
            // the class matters: other labels give other images and logits
            NDArray other = m.create(new long[] {2, 2, 0, 0});
            assertThat(maxAbs(g.generate(z, other), expected)).isGreaterThan(1e-2);
            assertThat(maxAbs(model.scores(expected, oneHot(other, 3)).reshape(-1, 1), npy(name + "-d.npy"))).isGreaterThan(1e-3);
            // a mixture that is one-hot is that class
            assertThat(maxAbs(((org.gen4j.train.ConditionalGenerator) g).generateMixed(z, oneHot(labels, 3)), expected)).isLessThan(1e-4);
        }
    }

    @org.junit.jupiter.api.Test
    void conditionalStyleGan3ReproducesTheOfficialImagesAndLogits() {
        String name = "stylegan3t-cond16";
        StyleGanPickle pickle = StyleGanPickle.read(fixture(name + ".pkl"));
        org.gen4j.models.stylegan3.StyleGan3Config c = pickle.stylegan3Config();
        assertThat(c.numClasses()).isEqualTo(3);
        assertThat(c.dMappingLayers()).isEqualTo(8);
        NDArray z = npy(name + "-z.npy");
        NDArray labels = labels(name);
        NDArray expected = npy(name + "-const.npy");
        try (org.gen4j.models.stylegan3.StyleGan3 model = new org.gen4j.models.stylegan3.StyleGan3(c, 5)) {
            pickle.loadInto(model, m);
            StyleGenerator g = model.generator();
            assertThat(maxAbs(g.generate(z, labels), expected)).isLessThan(1e-4);
            assertThat(maxAbs(g.synthesis(g.mapping(z, labels, 0.5, g.numWs())), npy(name + "-psi.npy"))).isLessThan(1e-4);
            model.schedule(1_000_000_000L);
            assertThat(maxAbs(((StyleGan2Training<?, ?>) model).scores(expected, oneHot(labels, 3)).reshape(-1, 1), npy(name + "-d.npy"))).isLessThan(1e-4);
        }
    }

    @org.junit.jupiter.api.Test
    void aConditionalPickleDoesNotLoadIntoAnUnconditionalNetwork() {
        StyleGanPickle pickle = StyleGanPickle.read(fixture("stylegan2-cond16.pkl"));
        StyleGan2Config c = pickle.stylegan2Config();
        StyleGan2Config plain = org.gen4j.train.Configs.override(c, java.util.Map.of("numClasses", "0", "conditional", "false"), "test");
        try (StyleGan2 model = new StyleGan2(plain, 0)) {
            assertThatThrownBy(() -> pickle.loadInto(model, m)).hasMessageContaining("no gen4j counterpart for G.mapping.embed.bias, G.mapping.embed.weight")
                    .hasMessageContaining("D.mapping.fc0.weight").hasMessageContaining("wrong shape: G.mapping.fc0.weight [8, 16] where gen4j has [8, 8]")
                    .hasMessageContaining("D.b4out.weight [16, 16] where gen4j has [1, 16]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stylegan2-rgb16"})
    void networksOfAnotherShapeAreRefusedNamingTheKeys(String name) {
        StyleGanPickle pickle = StyleGanPickle.read(fixture(name + ".pkl"));
        StyleGan2Config other = StyleGanPickle.read(fixture("stylegan2-gray8.pkl")).stylegan2Config();
        try (StyleGan2 model = new StyleGan2(other, 0)) {
            assertThatThrownBy(() -> pickle.loadInto(model, m)).hasMessageContaining("does not match gen4j's StyleGAN2")
                    .hasMessageContaining("no gen4j counterpart for G.synthesis.b16.")
                    .hasMessageContaining("wrong shape: G.synthesis.b4.torgb.bias [3] where gen4j has [1]")
                    .hasMessageContaining("D.fromrgb.weight [16, 3, 1, 1] where gen4j has [16, 1, 1, 1]").hasMessageNotContaining("noise_strength [] where");
        }
    }
}
