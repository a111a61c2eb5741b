package org.gen4j.models.progan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.gen4j.Tensors;
import org.gen4j.ops.Resample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fade-in (Karras et al. 2018, figure 2): at alpha 0 a grown network is exactly the previous
 * resolution's network (G's image upsampled, D fed the downsampled image); at alpha 1 it is the
 * new path alone; in between it is the linear blend of the two.
 */
class FadeInTest {

    static NDManager m;
    static Generator g;
    static Discriminator d;
    static final ProGanConfig CONFIG = new ProGanConfig(32, 3, 4, 16, 256, 16, 1, 1, 0.001, 0, 0.99, 1e-8, 10, 0.001, 0.999, 4, true);

    @BeforeAll
    static void build() {
        m = NDManager.newBaseManager();
        g = new Generator(m, new SplittableRandom(1), CONFIG);
        d = new Discriminator(m, new SplittableRandom(2), CONFIG);
        // Non-zero biases, so that a wrongly wired path cannot hide behind zeros.
        g.parameters().forEach((k, v) -> {
            if (k.endsWith("bias")) {
                v.addi(m.randomNormal(v.getShape()).muli(0.1));
            }
        });
        d.parameters().forEach((k, v) -> {
            if (k.endsWith("bias")) {
                v.addi(m.randomNormal(v.getShape()).muli(0.1));
            }
        });
    }

    @AfterAll
    static void close() {
        m.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32})
    void generatorAtAlphaZeroIsThePreviousResolutionUpsampled(int res) {
        NDArray z = m.randomNormal(new Shape(4, CONFIG.latentDim()));
        NDArray grown = g.forward(z, new Growth(res, 0));
        NDArray previous = Resample.upsample2x(g.forward(z, new Growth(res / 2, 1)));
        assertThat(grown.getShape()).isEqualTo(new Shape(4, 3, res, res));
        assertThat(Tensors.maxAbsDiff(grown, previous)).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32})
    void generatorBlendsLinearlyAndReachesTheNewPathAtAlphaOne(int res) {
        NDArray z = m.randomNormal(new Shape(4, CONFIG.latentDim()));
        NDArray low = g.forward(z, new Growth(res, 0));
        NDArray high = g.forward(z, new Growth(res, 1));
        NDArray nearlyHigh = g.forward(z, new Growth(res, 1 - 1e-7));
        NDArray mid = g.forward(z, new Growth(res, 0.3));
        assertThat(Tensors.maxAbsDiff(nearlyHigh, high)).isLessThan(1e-5);
        assertThat(Tensors.maxAbsDiff(mid, low.mul(0.7).add(high.mul(0.3)))).isLessThan(1e-5);
        assertThat(Tensors.maxAbsDiff(low, high)).isGreaterThan(1e-3);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32})
    void discriminatorAtAlphaZeroSeesTheDownsampledImage(int res) {
        NDArray x = m.randomNormal(new Shape(4, 3, res, res));
        NDArray grown = d.forward(x, new Growth(res, 0));
        NDArray previous = d.forward(Resample.downsample2x(x), new Growth(res / 2, 1));
        assertThat(grown.getShape()).isEqualTo(new Shape(4, 1));
        assertThat(Tensors.maxAbsDiff(grown, previous)).isLessThan(1e-6);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32})
    void discriminatorAtAlphaNearOneIsTheNewPath(int res) {
        NDArray x = m.randomNormal(new Shape(4, 3, res, res));
        NDArray high = d.forward(x, new Growth(res, 1));
        assertThat(Tensors.maxAbsDiff(d.forward(x, new Growth(res, 1 - 1e-7)), high)).isLessThan(1e-5);
        assertThat(Tensors.maxAbsDiff(d.forward(x, new Growth(res, 0)), high)).isGreaterThan(1e-4);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32})
    void realImagesFadeTheSameWay(int res) {
        NDArray full = m.randomNormal(new Shape(2, 3, 32, 32));
        NDArray atRes = Resample.downsampleTo(full, res);
        NDArray coarse = Resample.upsample2x(Resample.downsample2x(atRes));
        assertThat(Tensors.maxAbsDiff(new Growth(res, 0).reals(full), coarse)).isLessThan(1e-6);
        assertThat(Tensors.maxAbsDiff(new Growth(res, 1).reals(full), atRes)).isZero();
        assertThat(Tensors.maxAbsDiff(new Growth(res, 0.25).reals(full), coarse.mul(0.75).add(atRes.mul(0.25))))
                .isLessThan(1e-5);
    }
}
