package org.gen4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.gen4j.ManagedTest;
import org.gen4j.Tensors;
import org.gen4j.train.TransformableGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The equivariance metrics' pieces against the official code's (fixtures/make_stylegan3_fixtures.py), and their PSNR. */
class EquivarianceTest extends ManagedTest {

    static JsonObject eq;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = EquivarianceTest.class.getResourceAsStream("/fixtures/stylegan3_fixtures.json")) {
            eq = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject().getAsJsonObject("equivariance");
        }
    }

    static float[] floats(String key) {
        var a = eq.getAsJsonArray(key).asList();
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.get(i).getAsFloat();
        }
        return f;
    }

    NDArray image() {
        return m.create(floats("image"), new Shape(1, 2, 16, 16));
    }

    static double maxAbs(double[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    @Test
    void theBandLimitFiltersOfARotationEqualTheOfficialOnes() {
        double angle = eq.get("angle").getAsDouble();
        double[] r = Equivariance.rotationMatrix(angle), ri = Equivariance.rotationMatrix(-angle);
        double[] up4 = Equivariance.bandlimitFilter(m, new double[] {r[0], r[1], r[3], r[4]}, 6, 4);
        double[] up1 = Equivariance.bandlimitFilter(m, new double[] {ri[0], ri[1], ri[3], ri[4]}, 6, 1);
        assertThat(up4).hasSize(47 * 47);
        assertThat(up1).hasSize(11 * 11);
        assertThat(maxAbs(up4, floats("filter_up4"))).isLessThan(1e-6);
        assertThat(maxAbs(up1, floats("filter_up1"))).isLessThan(1e-6);
    }

    @Test
    void translationsAndRotationsEqualTheOfficialOnesWithTheirMasks() {
        NDArray x = image();
        var ti = eq.getAsJsonArray("t_int").asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
        var tf = eq.getAsJsonArray("t_frac").asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
        double angle = eq.get("angle").getAsDouble();
        check(Equivariance.integerTranslation(x, ti[0], ti[1]), "shifted", 0);
        check(Equivariance.fractionalTranslation(x, tf[0], tf[1]), "frac", 1e-5);
        check(Equivariance.rotation(x, angle), "rotated", 1e-4);
        check(Equivariance.pseudoRotation(x, angle), "pseudo", 1e-4);
    }

    private void check(NDArray[] result, String key, double tolerance) {
        NDArray mask = m.create(floats(key + "_mask"), new Shape(1, 2, 16, 16));
        assertThat(result[1].broadcast(new Shape(1, 2, 16, 16)).toFloatArray()).as(key + " mask").containsExactly(mask.toFloatArray());
        // where the mask is 0 the official code leaves values that do not matter; compare inside it
        NDArray expected = m.create(floats(key), new Shape(1, 2, 16, 16)).mul(mask);
        assertThat(Tensors.maxAbsDiff(result[0].mul(mask), expected)).as(key).isLessThanOrEqualTo(tolerance);
    }

    @Test
    void psnrIsTwentyLogTwoOverTheRootMeanSquareError() {
        assertThat(Equivariance.psnr(0.01 * 100, 100)).isCloseTo(20 * Math.log10(2) + 20, within(1e-12));
        assertThat(Equivariance.psnr(0, 10)).isInfinite();
    }

    /** A generator whose synthesis is exactly the fixed image shifted by the input transform's translation. */
    @Test
    void aGeneratorThatIsAnExactShiftHasInfiniteIntegerEquivariance() {
        NDArray base = image().get(":, 0:1, :, :");
        TransformableGenerator shifter = new ShiftingGenerator(base);
        Map<String, Double> r = Equivariance.evaluate(shifter, 4, true, false, false, line -> {});
        assertThat(r.get("eqt")).isInfinite();
    }

    private static final class ShiftingGenerator implements TransformableGenerator {
        private final NDArray base;

        ShiftingGenerator(NDArray base) {
            this.base = base;
        }

        @Override
        public NDArray synthesis(NDArray ws, double[] inverse) {
            long n = ws.getShape().get(0);
            NDArray one = Equivariance.integerTranslation(base, -inverse[2], -inverse[5])[0];
            return one.repeat(0, n);
        }

        @Override
        public double margin() {
            return 1;
        }

        @Override
        public int numWs() {
            return 1;
        }

        @Override
        public int wDim() {
            return 2;
        }

        @Override
        public NDArray mapping(NDArray latents, NDArray classes, double psi, int cutoff) {
            return latents.expandDims(1);
        }

        @Override
        public NDArray synthesis(NDArray ws) {
            return synthesis(ws, Equivariance.identity());
        }

        @Override
        public int latentDim() {
            return 2;
        }

        @Override
        public int imageChannels() {
            return 1;
        }

        @Override
        public int resolution() {
            return 16;
        }

        @Override
        public int numClasses() {
            return 0;
        }
    }

}
