package org.gen4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.gen4j.ManagedTest;
import org.gen4j.io.Npy;
import org.gen4j.models.biggan.BigGanConfig;
import org.gen4j.models.biggan.BigGanSpec;
import org.gen4j.train.TrainableModel;
import org.junit.jupiter.api.Test;

/**
 * Parity with the BigGAN authors' code: a tiny generator built, perturbed and saved by
 * BigGAN-PyTorch ({@code src/test/resources/interop/make_biggan_fixture.py}), imported into
 * gen4j's BigGAN, gives the author's images for the same latents and classes within 1e-4.
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
}
