package org.gen4j.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.assertj.core.data.Offset;
import org.gen4j.Gen4jException;
import org.gen4j.ManagedTest;
import org.gen4j.Tensors;
import org.gen4j.ops.Autograd;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AugmentTest extends ManagedTest {

    private NDArray images(int n, int c, int side, long seed) {
        return new StepRandom(seed, 0).uniform(m, n, c, side, side).mul(2).sub(1);
    }

    private static Ada ada(double p, Ada.Group... groups) {
        return new Ada(groups.length == 0 ? EnumSet.allOf(Ada.Group.class) : EnumSet.copyOf(List.of(groups)), 0.6, p);
    }

    @Test
    void noPoliciesAndZeroProbabilityAreIdentities() {
        NDArray x = images(3, 3, 8, 1);
        assertThat(new DiffAugment(List.of()).apply(x, new StepRandom(1, 1))).isSameAs(x);
        assertThat(ada(0).apply(x, new StepRandom(1, 1))).isSameAs(x);
        assertThat(Augmenter.NONE.apply(x, new StepRandom(1, 1))).isSameAs(x);
        // and the transforms do move images when switched on, so the checks above can fail
        assertThat(Tensors.maxAbsDiff(ada(1).apply(x, new StepRandom(1, 1)), x)).isGreaterThan(0.1);
        assertThat(Tensors.maxAbsDiff(new DiffAugment(DiffAugment.ALL).apply(x, new StepRandom(1, 1)), x)).isGreaterThan(0.1);
    }

    @Test
    void sameStepRandomGivesTheSameTransformAndAnotherStepAnother() {
        NDArray x = images(4, 3, 8, 2);
        Augmenter a = ada(0.8);
        assertThat(Tensors.maxAbsDiff(a.apply(x, new StepRandom(5, 7)), a.apply(x, new StepRandom(5, 7)))).isZero();
        assertThat(Tensors.maxAbsDiff(a.apply(x, new StepRandom(5, 7)), a.apply(x, new StepRandom(5, 8)))).isGreaterThan(0.1);
    }

    @Test
    void mirrorReflectsWithoutRepeatingTheEdge() {
        assertThat(List.of(Resampling.mirror(-1, 5), Resampling.mirror(-4, 5), Resampling.mirror(5, 5), Resampling.mirror(8, 5),
                Resampling.mirror(9, 5), Resampling.mirror(2, 5))).containsExactly(1L, 4L, 3L, 0L, 1L, 2L);
    }

    @Test
    void blitMatricesFlipRotateAndTranslateExactly() {
        NDArray x = images(1, 1, 6, 3);
        assertThat(Tensors.maxAbsDiff(Ada.resample(x, new double[][] {Ada.scale2(-1, 1)}), x.flip(3))).isLessThan(1e-6);
        // out(i, j) = in(j, H-1-i): the transpose of the x-flipped image
        assertThat(Tensors.maxAbsDiff(Ada.resample(x, new double[][] {Ada.rotate2(Math.PI / 2)}), x.flip(3).transpose(0, 1, 3, 2)))
                .isLessThan(1e-5);
        // inverse translation by -2 columns: out(i, j) = in(i, j - 2), the left columns reflected
        float[] in = x.toFloatArray(), out = Ada.resample(x, new double[][] {Ada.translate2(-2, 0)}).toFloatArray();
        assertThat(out[1 * 6 + 4]).isEqualTo(in[1 * 6 + 2]);
        assertThat(out[1 * 6 + 0]).isEqualTo(in[1 * 6 + 2]); // column -2 mirrors to column 2
        assertThat(out[1 * 6 + 1]).isEqualTo(in[1 * 6 + 1]); // column -1 mirrors to column 1
    }

    @Test
    void halfPixelTranslationAveragesNeighbours() {
        NDArray x = images(1, 1, 4, 4);
        float[] in = x.toFloatArray(), out = Ada.resample(x, new double[][] {Ada.translate2(0.5, 0)}).toFloatArray();
        assertThat((double) out[5]).isCloseTo((in[5] + in[6]) / 2.0, Offset.offset(1e-6));
    }

    @Test
    void colourMatricesKeepLumaOrNegateGrayscale() {
        NDArray rgb = images(2, 3, 4, 5);
        for (double[] c : List.of(Ada.rotateAboutLuma(1.1), Ada.lumaMix(2.5, 1 - 2.5))) { // hue, saturation
            NDArray y = Ada.applyColor(rgb, new double[][] {c, c});
            assertThat(Tensors.maxAbsDiff(y.mean(new int[] {1}), rgb.mean(new int[] {1}))).isLessThan(1e-5);
            assertThat(Tensors.maxAbsDiff(y, rgb)).isGreaterThan(0.05);
        }
        NDArray gray = images(2, 1, 4, 6);
        double[] flip = Ada.lumaMix(1, -2);
        assertThat(Tensors.maxAbsDiff(Ada.applyColor(gray, new double[][] {flip, flip}), gray.neg())).isLessThan(1e-6);
    }

    @Test
    void diffAugmentColourShiftsBrightnessWithinHalf() {
        NDArray x = m.zeros(new ai.djl.ndarray.types.Shape(5, 1, 4, 4));
        // zero images: saturation and contrast keep a constant image, brightness moves it by u - 1/2
        float[] y = DiffAugment.color(x, new StepRandom(3, 3)).toFloatArray();
        for (float v : y) {
            assertThat(v).isBetween(-0.5f, 0.5f);
        }
        assertThat(y[0]).isEqualTo(y[15]);
        assertThat(y[0]).isNotEqualTo(y[16]);
    }

    @Test
    void diffAugmentTranslationAndCutoutZeroAtMostTheirShare() {
        NDArray x = m.ones(new ai.djl.ndarray.types.Shape(16, 1, 16, 16));
        float[] t = DiffAugment.translation(x, new StepRandom(1, 1), 0.125).toFloatArray();
        float[] c = DiffAugment.cutout(x, new StepRandom(1, 1), 0.5).toFloatArray();
        for (int b = 0; b < 16; b++) {
            int zt = 0, zc = 0;
            for (int i = 0; i < 256; i++) {
                zt += t[b * 256 + i] == 0 ? 1 : 0;
                zc += c[b * 256 + i] == 0 ? 1 : 0;
            }
            assertThat(zt).isLessThanOrEqualTo(256 - 14 * 14); // a shift of at most 2 pixels on each axis
            assertThat(zc).isBetween(16, 64); // a quarter of an 8x8 square at a corner, up to all of it
        }
    }

    /** Every transform alone, and each whole pipeline. */
    private static List<Augmenter> transforms() {
        return List.of(new DiffAugment(List.of(DiffAugment.Policy.COLOR)), new DiffAugment(List.of(DiffAugment.Policy.TRANSLATION)),
                new DiffAugment(List.of(DiffAugment.Policy.CUTOUT)), new DiffAugment(DiffAugment.ALL), ada(1, Ada.Group.BLIT),
                ada(1, Ada.Group.GEOM), ada(1, Ada.Group.COLOR), ada(0.5));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void gradientsThroughEveryTransformMatchFiniteDifferences(int channels) {
        for (Augmenter a : transforms()) {
            NDArray x = images(2, channels, 8, 11);
            x.setRequiresGradient(true);
            NDArray w = images(2, channels, 8, 12);
            Function<NDArray, NDArray> f = in -> a.apply(in, new StepRandom(9, 4)).mul(w).sum();
            NDArray grad;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(f.apply(x));
            }
            grad = x.getGradient().duplicate();
            float[] g = grad.toFloatArray(), v = x.toFloatArray();
            boolean nonZero = false;
            for (int index : new int[] {0, 9, 27, 40, 63, 64 * channels + 18, v.length - 1}) {
                double eps = 1e-2;
                float orig = v[index];
                v[index] = (float) (orig + eps);
                double plus = f.apply(m.create(v, x.getShape())).getFloat();
                v[index] = (float) (orig - eps);
                double minus = f.apply(m.create(v, x.getShape())).getFloat();
                v[index] = orig;
                double fd = (plus - minus) / (2 * eps);
                assertThat((double) g[index]).as("%s d/dx[%d]", a.spec(), index).isCloseTo(fd, Offset.offset(2e-3 + 0.01 * Math.abs(fd)));
                nonZero |= Math.abs(g[index]) > 1e-3;
            }
            assertThat(nonZero).as(a.spec()).isTrue();
        }
    }

    @Test
    void r1ThroughAnAugmentedDiscriminatorDifferentiatesTwice() {
        // D(y) = sum(v * y^2): R1 = ||grad_x D(A x)||^2 = ||A^T (2 v (A x))||^2, whose gradient in v needs gather's double backward
        NDArray x = images(2, 3, 8, 21);
        NDArray v = images(2, 3, 8, 22);
        v.setRequiresGradient(true);
        for (Augmenter a : List.of(ada(1), new DiffAugment(DiffAugment.ALL))) {
            Function<NDArray, NDArray> r1 = weights -> {
                NDArray in = x.duplicate();
                in.setRequiresGradient(true);
                NDArray scores = a.apply(in, new StepRandom(2, 2)).square().mul(weights);
                return Autograd.gradient(scores, in).square().sum();
            };
            v.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(r1.apply(v));
            }
            float[] g = v.getGradient().toFloatArray(), values = v.toFloatArray();
            // R1 is quadratic in v, so central differences are exact at any step but for rounding
            for (int index : new int[] {0, 5, 77, 130}) {
                double eps = 0.1;
                float orig = values[index];
                values[index] = (float) (orig + eps);
                double plus;
                try (GradientCollector unused = Engine.getInstance().newGradientCollector()) {
                    plus = r1.apply(m.create(values, v.getShape())).getFloat();
                    values[index] = (float) (orig - eps);
                    double minus = r1.apply(m.create(values, v.getShape())).getFloat();
                    values[index] = orig;
                    double fd = (plus - minus) / (2 * eps);
                    assertThat((double) g[index]).as("%s dR1/dv[%d]", a.spec(), index).isCloseTo(fd, Offset.offset(1e-3 + 0.01 * Math.abs(fd)));
                }
            }
            v.getGradient().subi(v.getGradient());
        }
    }

    @Test
    void adaStepFollowsTheFormulaAndItsSign() {
        double step = 32.0 * 4 / 500_000;
        assertThat(Ada.adjusted(0.5, 0.7, 0.6, 32)).isCloseTo(0.5 + step, Offset.offset(1e-15));
        assertThat(Ada.adjusted(0.5, 0.5, 0.6, 32)).isCloseTo(0.5 - step, Offset.offset(1e-15));
        assertThat(Ada.adjusted(0.5, 0.6, 0.6, 32)).isEqualTo(0.5);
        assertThat(Ada.adjusted(0, 0.1, 0.6, 32)).isZero();
        assertThat(Ada.adjusted(1, 0.9, 0.6, 32)).isEqualTo(1);
    }

    @Test
    void adaAdjustsEveryFourMinibatchesFromTheSignsOfRealScores() {
        Ada a = ada(0);
        NDArray mostlyReal = m.create(new float[] {3, 1, 2, -1, 0.5f, 4, 2, 1}); // mean sign 0.75 > 0.6
        for (int i = 0; i < 3; i++) {
            a.observeRealScores(mostlyReal);
        }
        assertThat(a.p()).isZero();
        a.observeRealScores(mostlyReal);
        assertThat(a.p()).isCloseTo(8.0 * 4 / 500_000, Offset.offset(1e-15));
        NDArray mostlyFake = m.create(new float[] {-3, 1, -2, -1, 0.5f, -4, 2, 1}); // mean sign 0 < 0.6
        for (int i = 0; i < 4; i++) {
            a.observeRealScores(mostlyFake);
        }
        assertThat(a.p()).isZero();
    }

    @Test
    void adaStateRoundTripsExactly() {
        Ada a = ada(0);
        NDArray s = m.create(new float[] {1, 1, 1, 2});
        for (int i = 0; i < 7; i++) {
            a.observeRealScores(s);
        }
        com.google.gson.JsonObject json = new com.google.gson.JsonObject();
        a.write(json);
        Ada b = ada(0);
        b.read(com.google.gson.JsonParser.parseString(json.toString()).getAsJsonObject());
        assertThat(b.p()).isEqualTo(a.p()).isPositive();
        a.observeRealScores(s);
        b.observeRealScores(s);
        assertThat(b.p()).isEqualTo(a.p()); // the three minibatches since the last update were kept
    }

    @Test
    void valuesAreParsedOrRefusedInOneSentence() {
        assertThat(Augmentation.canonical("diffaug")).isEqualTo("diffaug=color,translation,cutout");
        assertThat(Augmentation.canonical("diffaug=cutout,color")).isEqualTo("diffaug=cutout,color");
        assertThat(Augmentation.canonical("ada")).isEqualTo("ada=blit,geom,color");
        assertThat(Augmentation.canonical("ada=color,blit")).isEqualTo("ada=blit,color");
        assertThat(Augmentation.create("ada=geom", 0.6)).isInstanceOf(Ada.class).extracting(Augmenter::spec).isEqualTo("ada=geom");
        assertThat(Augmentation.create("none", 0.6)).isSameAs(Augmenter.NONE);
        assertThatThrownBy(() -> Augmentation.canonical("mixup")).isInstanceOf(Gen4jException.class).hasMessageContaining("accepted: none");
        assertThatThrownBy(() -> Augmentation.canonical("diffaug=colour")).hasMessageContaining("unknown DiffAugment policy 'colour'");
        assertThatThrownBy(() -> Augmentation.canonical("ada=filter")).hasMessageContaining("unknown ADA transform group 'filter'");
        assertThatThrownBy(() -> Augmentation.create("ada", 1.0)).hasMessageContaining("--ada-target must be between 0 and 1");
        assertThatThrownBy(() -> Augmentation.create("ada", 0)).hasMessageContaining("--ada-target");
    }
}
