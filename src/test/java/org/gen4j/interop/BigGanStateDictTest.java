package org.gen4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.gen4j.Gen4jException;
import org.gen4j.ManagedTest;
import org.gen4j.io.Npy;
import org.gen4j.models.biggan.BigGanConfig;
import org.gen4j.models.biggan.BigGanSpec;
import org.gen4j.models.sagan.HingeGanTestAccess;
import org.gen4j.train.TrainableModel;
import org.junit.jupiter.api.Test;

/**
 * Parity with the BigGAN authors' code: tiny networks built, perturbed and saved by BigGAN-PyTorch
 * ({@code src/test/resources/interop/make_biggan_fixture.py}), imported into gen4j's BigGAN, give
 * the author's images for the same latents and classes, and the author's discriminator logits for
 * those images, within 1e-4.
 */
class BigGanStateDictTest extends ManagedTest {

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(BigGanStateDictTest.class.getResource("/interop/" + name).toURI());
    }

    @Test
    void anImportedGeneratorReproducesTheAuthorsImages() throws Exception {
        BigGanStateDict dict = BigGanStateDict.read(fixture("biggan32-G_ema.pth"));
        BigGanSpec spec = new BigGanSpec();
        BigGanConfig c = dict.config(spec.presets().get("cpu"));
        assertThat(c.resolution()).isEqualTo(32);
        assertThat(c.zDim()).isEqualTo(16);
        assertThat(c.hierarchical()).isTrue();
        assertThat(c.numClasses()).isEqualTo(3);
        Npy.Array z = Npy.read(fixture("biggan32-z.npy")), y = Npy.read(fixture("biggan32-c.npy")), x = Npy.read(fixture("biggan32-images.npy"));
        try (TrainableModel model = spec.create(c, 3)) {
            dict.loadInto(model, m);
            NDArray images = model.generator().generate(m.create(z.floats("z"), new Shape(z.header().shape())),
                    m.create(java.util.Arrays.stream(y.ints("c")).asLongStream().toArray()));
            NDArray expected = m.create(x.floats("images"), new Shape(x.header().shape()));
            assertThat(images.getShape()).isEqualTo(expected.getShape());
            assertThat(images.sub(expected).abs().max().getFloat()).isLessThan(1e-4f);
        }
    }

    @Test
    void aGeneratorAndDiscriminatorWithAttentionReproduceTheAuthorsImagesAndLogits() throws Exception {
        BigGanStateDict dict = BigGanStateDict.read(fixture("biggan64-G_ema.pth")).withDiscriminator(fixture("biggan64-D.pth"));
        BigGanSpec spec = new BigGanSpec();
        BigGanConfig c = dict.config(spec.presets().get("cpu"));
        assertThat(c.resolution()).isEqualTo(64);
        assertThat(c.ch()).isEqualTo(8);
        assertThat(c.attentionResolution()).isEqualTo(32);
        assertThat(c.zDim()).isEqualTo(20);
        Npy.Array z = Npy.read(fixture("biggan64-z.npy")), y = Npy.read(fixture("biggan64-c.npy"));
        Npy.Array x = Npy.read(fixture("biggan64-images.npy")), d = Npy.read(fixture("biggan64-d.npy"));
        try (TrainableModel model = spec.create(c, 3)) {
            dict.loadInto(model, m);
            NDArray classes = m.create(java.util.Arrays.stream(y.ints("c")).asLongStream().toArray());
            NDArray images = model.generator().generate(m.create(z.floats("z"), new Shape(z.header().shape())), classes);
            NDArray expected = m.create(x.floats("images"), new Shape(x.header().shape()));
            assertThat(images.sub(expected).abs().max().getFloat()).isLessThan(1e-4f);
            NDArray logits = HingeGanTestAccess.scores(model, expected, classes.oneHot(c.numClasses()));
            assertThat(logits.sub(m.create(d.floats("d"))).abs().max().getFloat()).isLessThan(1e-4f);
        }
    }

    @Test
    void aDiscriminatorThatDoesNotFitItsGeneratorIsNamed() throws Exception {
        BigGanConfig cpu = new BigGanSpec().presets().get("cpu");
        assertThatThrownBy(() -> BigGanStateDict.read(fixture("biggan32-G_ema.pth")).withDiscriminator(fixture("biggan64-D.pth")).config(cpu))
                .isInstanceOf(Gen4jException.class).hasMessageContaining("biggan64-D.pth has 5 blocks, but a 32x32 BigGAN discriminator has 4");
        assertThatThrownBy(() -> BigGanStateDict.read(fixture("biggan64-G_ema.pth")).withDiscriminator(fixture("biggan64-G_ema.pth")))
                .isInstanceOf(Gen4jException.class).hasMessageContaining("is not a BigGAN-PyTorch discriminator state dict: it has no embed.weight");
    }
}
