package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gen4j.Tensors;
import org.gen4j.models.progan.ProGanTestAccess;
import org.gen4j.models.progan.ProGanConfig;
import org.gen4j.models.stylegan.StyleGanConfig;
import org.gen4j.models.stylegan.StyleGanSpec;
import org.gen4j.models.stylegan.StyleGanTestAccess;
import org.gen4j.models.stylegan2.StyleGan2Config;
import org.gen4j.models.stylegan2.StyleGan2Spec;
import org.gen4j.models.stylegan2.StyleGan2TestAccess;
import org.gen4j.models.stylegan3.StyleGan3Config;
import org.gen4j.models.stylegan3.StyleGan3Spec;
import org.gen4j.models.stylegan3.StyleGan3TestAccess;
import org.gen4j.models.ModelSpec;
import org.gen4j.models.Models;
import org.gen4j.models.gan.Gan;
import org.gen4j.nn.Conv2d;
import org.gen4j.nn.ConvTranspose2d;
import org.gen4j.nn.EqualizedConv2d;
import org.gen4j.nn.Module;
import org.gen4j.train.TrainableModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A permanent oracle for convolution gradients: libtorch's float32 CPU path (oneDNN) against its
 * float64 path (plain kernels), for every convolution shape the models build. oneDNN has been
 * reported to return wrong input gradients for convolutions with few output channels on some
 * CPUs; this test is how such a machine would show itself. The bfloat16 path ({@link Precision})
 * is checked against the same reference with bfloat16's tolerance.
 *
 * <p>Shapes are collected from the models' modules (for StyleGAN2 also its grouped, strided and
 * depthwise filter convolutions), so a new model or preset is covered by adding its configuration
 * to {@link #shapes}. Spatial sizes are the layers' own, capped at 16 to keep
 * the float64 reference affordable.
 */
class ConvGradientOracleTest {

    private static final Pattern RES = Pattern.compile("^[a-z]+?(\\d+)");
    private static final int MAX_SIDE = 16;

    /** (in, out, kernel, padding, side, stride, groups). */
    record ConvShape(int in, int out, int kernel, int padding, int side, int stride, int groups) implements Comparable<ConvShape> {
        ConvShape(int[] v) {
            this(v[0], v[1], v[2], v[3], Math.min(v[4], MAX_SIDE), v[5], v[6]);
        }

        @Override
        public int compareTo(ConvShape o) {
            return toString().compareTo(o.toString());
        }
    }

    static List<ProGanConfig> configs() {
        return List.of(
                ProGanConfig.cpu(32, 1),
                ProGanConfig.cpu(64, 3),
                new org.gen4j.models.progan.ProGanSpec().benchConfig(32, 128, 32, 3),
                ProGanConfig.paper(1024, 3));
    }

    static Stream<ConvShape> shapes() {
        TreeSet<ConvShape> set = new TreeSet<>();
        for (ProGanConfig c : configs()) {
            for (Module net : ProGanTestAccess.networks(c)) {
                addEqualized(net, set);
                ProGanTestAccess.close(net);
            }
        }
        for (StyleGanConfig c : List.of(StyleGanConfig.cpu(32, 1), new StyleGanSpec().benchConfig(32, 128, 32, 3))) {
            List<int[]> blurs = new ArrayList<>();
            StyleGanTestAccess.networks(c, net -> addEqualized(net, set), blurs);
            blurs.forEach(b -> set.add(new ConvShape(b[0], b[0], 3, 1, Math.min(b[1], MAX_SIDE), 1, b[0])));
        }
        for (StyleGan2Config c : List.of(StyleGan2Config.cpu(32, 1), StyleGan2Config.cpu(64, 3),
                new StyleGan2Spec().benchConfig(32, 128, 32, 3))) {
            StyleGan2TestAccess.convolutions(c, 4).forEach(v -> set.add(new ConvShape(v)));
        }
        StyleGan3Config sg3 = StyleGan3Config.cpu();
        for (StyleGan3Config c : List.of(sg3, org.gen4j.train.Configs.override(sg3, Map.of("config", "r"), "test"),
                new StyleGan3Spec().benchConfig(32, 32, 4, 3))) {
            StyleGan3TestAccess.convolutions(c).forEach(v -> set.add(new ConvShape(v)));
        }
        for (TrainableModel model : storedWeightModels()) {
            for (Module net : ((Gan<?, ?, ?>) model).networks()) {
                for (Module layer : net.modules().values()) {
                    if (layer instanceof Conv2d conv) {
                        // the layers' own sides are not recorded; every side a 32x32 model's layers take, up to the cap
                        for (int side : new int[] {4, 8, 16}) {
                            set.add(new ConvShape(conv.inChannels(), conv.outChannels(), conv.kernel(), conv.padding(), side, conv.stride(), 1));
                        }
                    }
                }
            }
            model.close();
        }
        // channel counts that oneDNN's 16-channel blocks do not divide, which Conv aligns (see its comment)
        for (int[] c : ODD_CHANNELS) {
            set.add(new ConvShape(c[0], c[1], 1, 0, 8, 1, 1));
            set.add(new ConvShape(c[0], c[1], 3, 1, 8, 1, 1));
            set.add(new ConvShape(c[0], c[1], 4, 1, 8, 2, 1));
        }
        return set.stream();
    }

    /** (in, out) channel pairs below, between and above whole 16-channel blocks. */
    static final int[][] ODD_CHANNELS = {{1, 1}, {3, 3}, {3, 20}, {19, 19}, {20, 3}, {17, 33}, {24, 100}};

    /** The models with stored-weight convolutions (nn.Conv2d): their cpu presets and bench configurations. */
    static List<TrainableModel> storedWeightModels() {
        List<TrainableModel> out = new ArrayList<>();
        for (String name : List.of("wgan", "wgan-gp", "sagan", "biggan", "biggan-deep", "adcgan", "csgan", "logan", "unetgan", "icgan")) {
            ModelSpec<?> spec = Models.get(name);
            out.add(spec.createUnchecked(spec.presets().get("cpu"), 0));
            // IC-GAN's built-in feature network reads grayscale images
            out.add(spec.createUnchecked(spec.benchConfig(32, 128, 4, name.equals("icgan") ? 1 : 3), 0));
        }
        return out;
    }

    /**
     * WGAN's transposed convolutions, (in, out, kernel, stride, padding), from its cpu and paper
     * presets, and the odd channel counts.
     */
    static Stream<int[]> transposedShapes() {
        TreeSet<String> seen = new TreeSet<>();
        List<int[]> out = new ArrayList<>();
        for (String preset : List.of("cpu", "paper")) {
            ModelSpec<?> spec = Models.get("wgan");
            try (TrainableModel model = spec.createUnchecked(spec.presets().get(preset), 0)) {
                for (Module layer : ((Gan<?, ?, ?>) model).networks().get(0).modules().values()) {
                    if (layer instanceof ConvTranspose2d t) {
                        Shape w = t.weight().getShape();
                        int[] v = {(int) w.get(0), (int) w.get(1), (int) w.get(2), t.stride(), t.padding()};
                        if (seen.add(java.util.Arrays.toString(v))) {
                            out.add(v);
                        }
                    }
                }
            }
        }
        for (int[] c : ODD_CHANNELS) {
            out.add(new int[] {c[0], c[1], 4, 2, 1});
        }
        return out.stream();
    }

    /** Transposed convolution gradients (float32 and bfloat16) against float64, on 4x4 inputs (1x1 for the first layer). */
    @ParameterizedTest
    @MethodSource("transposedShapes")
    void transposedConvolutionGradientsMatchTheFloat64Reference(int[] v) {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(java.util.Arrays.hashCode(v));
            int side = v[3] == 1 ? 1 : 4;
            NDArray x = m.randomNormal(new Shape(2, v[0], side, side));
            NDArray w = m.randomNormal(new Shape(v[0], v[1], v[2], v[2]));
            int o = (side - 1) * v[3] - 2 * v[4] + v[2];
            NDArray gy = m.randomNormal(new Shape(2, v[1], o, o));
            NDArray[] f64 = transposedGradients(x, w, gy, v, DataType.FLOAT64);
            NDArray[] f32 = transposedGradients(x, w, gy, v, DataType.FLOAT32);
            NDArray[] bf16;
            Precision.use(Precision.BFLOAT16);
            try {
                bf16 = transposedGradients(x, w, gy, v, DataType.FLOAT32);
            } finally {
                Precision.use(Precision.FLOAT32);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(Tensors.relativeError(f32[i], f64[i])).as("float32 %d of %s", i, java.util.Arrays.toString(v)).isLessThan(1e-4);
                assertThat(Tensors.relativeError(bf16[i], f64[i])).as("bfloat16 %d of %s", i, java.util.Arrays.toString(v)).isBetween(1e-5, 2e-2);
            }
        }
    }

    static NDArray[] transposedGradients(NDArray x0, NDArray w0, NDArray gy, int[] v, DataType type) {
        NDArray x = x0.toType(type, false).duplicate();
        NDArray w = w0.toType(type, false).duplicate();
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            y = Conv.convTranspose2d(x, w, null, v[3], v[4]);
            gc.backward(y.mul(gy.toType(type, false)).sum());
        }
        return new NDArray[] {x.getGradient(), w.getGradient(), y.stopGradient()};
    }

    private static void addEqualized(Module net, TreeSet<ConvShape> set) {
        for (Map.Entry<String, Module> e : net.modules().entrySet()) {
            if (e.getValue() instanceof EqualizedConv2d conv) {
                Matcher m = RES.matcher(e.getKey());
                int side = m.find() ? Integer.parseInt(m.group(1)) : 4;
                set.add(new ConvShape(conv.inChannels(), conv.outChannels(), conv.kernel(), conv.padding(),
                        Math.min(side, MAX_SIDE), 1, 1));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void float32GradientsMatchTheFloat64Reference(ConvShape s) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] in = inputs(m, s);
            NDArray[] f32 = gradients(in, s, DataType.FLOAT32);
            NDArray[] f64 = gradients(in, s, DataType.FLOAT64);
            assertThat(Tensors.relativeError(f32[0], f64[0])).as("input gradient of %s", s).isLessThan(1e-4);
            assertThat(Tensors.relativeError(f32[1], f64[1])).as("weight gradient of %s", s).isLessThan(1e-4);
            assertThat(Tensors.relativeError(f32[2], f64[2])).as("forward of %s", s).isLessThan(1e-4);
        }
    }

    /**
     * The same under {@link Precision#BFLOAT16}: rounding inputs and weights to 8 significant bits
     * leaves relative errors of a few parts in a thousand; a wrong kernel is off by tens of percent.
     */
    @ParameterizedTest
    @MethodSource("shapes")
    void bfloat16GradientsMatchTheFloat64Reference(ConvShape s) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] in = inputs(m, s);
            NDArray[] bf16;
            Precision.use(Precision.BFLOAT16);
            try {
                bf16 = gradients(in, s, DataType.FLOAT32);
            } finally {
                Precision.use(Precision.FLOAT32);
            }
            NDArray[] f64 = gradients(in, s, DataType.FLOAT64);
            for (NDArray g : bf16) {
                assertThat(g.getDataType()).isEqualTo(DataType.FLOAT32);
            }
            // at least bfloat16's rounding error, unless Conv keeps this shape in float32
            double least = Conv.roundsToBfloat16(s.groups(), s.stride(), m.getDevice()) ? 1e-5 : 0;
            assertThat(Tensors.relativeError(bf16[0], f64[0])).as("input gradient of %s", s).isBetween(least, 2e-2);
            assertThat(Tensors.relativeError(bf16[1], f64[1])).as("weight gradient of %s", s).isBetween(least, 2e-2);
            assertThat(Tensors.relativeError(bf16[2], f64[2])).as("forward of %s", s).isBetween(least, 2e-2);
        }
    }

    /** Random input, weight, bias and output gradient for a shape, seeded by it. */
    static NDArray[] inputs(NDManager m, ConvShape s) {
        m.getEngine().setRandomSeed(s.hashCode());
        NDArray x = m.randomNormal(new Shape(4, s.in(), s.side(), s.side()));
        NDArray w = m.randomNormal(new Shape(s.out(), s.in() / s.groups(), s.kernel(), s.kernel()));
        NDArray b = m.randomNormal(new Shape(s.out()));
        int o = (s.side() + 2 * s.padding() - s.kernel()) / s.stride() + 1;
        NDArray gy = m.randomNormal(new Shape(4, s.out(), o, o));
        return new NDArray[] {x, w, b, gy};
    }

    /** Input gradient, weight gradient and output for {@link #inputs}, from fresh leaf copies in the given precision. */
    static NDArray[] gradients(NDArray[] in, ConvShape s, DataType type) {
        return gradients(in[0], in[1], in[2], in[3], s, type);
    }

    static NDArray[] gradients(NDArray x0, NDArray w0, NDArray b0, NDArray gy, ConvShape s, DataType type) {
        NDArray x = x0.toType(type, false).duplicate();
        NDArray w = w0.toType(type, false).duplicate();
        NDArray b = b0.toType(type, false).duplicate();
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            y = Conv.conv2d(x, w, b, s.stride(), s.padding(), s.groups());
            gc.backward(y.mul(gy.toType(type, false)).sum());
        }
        return new NDArray[] {x.getGradient(), w.getGradient(), y.stopGradient()};
    }

    /**
     * The second-order term of a gradient penalty, {@code d/dw ||d/dx sum(gy * conv(x))||^2}, where
     * libtorch's double backward convolves over the minibatch and oneDNN's 16-channel blocks fault:
     * minibatches above 16 that they do not divide (BigGAN's 50 images), and 1x1 convolutions of
     * fewer than 16 images (R1 of StyleGAN2's fromRGB layer in the benchmark's 8 images, path length's
     * half minibatch), both of which {@link Autograd#differentiate} pads.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"50, false, 3", "20, false, 3", "50, true, 4", "33, true, 4", "8, false, 1", "1, false, 1", "20, false, 1"})
    void secondOrderWeightGradientsMatchTheFloat64Reference(int batch, boolean transposed, int kernel) {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(batch);
            int side = kernel == 1 ? 16 : 8;
            NDArray x = m.randomNormal(new Shape(batch, 16, side, side));
            NDArray w = m.randomNormal(transposed ? new Shape(16, 32, kernel, kernel) : new Shape(32, 16, kernel, kernel));
            NDArray gy = m.randomNormal(transposed ? new Shape(batch, 32, 2 * side, 2 * side) : new Shape(batch, 32, side, side));
            NDArray f32 = secondOrder(x, w, gy, transposed, DataType.FLOAT32);
            NDArray f64 = secondOrder(x, w, gy, transposed, DataType.FLOAT64);
            assertThat(Tensors.relativeError(f32, f64)).as("batch %d, transposed %s, kernel %d", batch, transposed, kernel).isLessThan(1e-4);
        }
    }

    private static NDArray secondOrder(NDArray x0, NDArray w0, NDArray gy, boolean transposed, DataType type) {
        NDArray x = x0.toType(type, false).duplicate();
        NDArray w = w0.toType(type, false).duplicate();
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        int padding = (int) w.getShape().get(2) / 2;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray g = Autograd.differentiate(x, xx -> (transposed ? Conv.convTranspose2d(xx, w, null, 2, 1) : Conv.conv2d(xx, w, null, 1, padding, 1))
                    .mul(gy.toType(type, false))).gradient();
            gc.backward(g.square().sum());
        }
        return w.getGradient();
    }

    /** The reference itself: float64 convolution gradients against a direct loop. */
    @Test
    void float64ReferenceMatchesADirectComputation() {
        try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            int n = 2, ci = 3, co = 2, k = 3, h = 5, p = 1;
            NDArray x = m.randomNormal(new Shape(n, ci, h, h)), w = m.randomNormal(new Shape(co, ci, k, k));
            NDArray gy = m.randomNormal(new Shape(n, co, h, h));
            NDArray[] g = gradients(x, w, m.zeros(new Shape(co)), gy, new ConvShape(ci, co, k, p, h, 1, 1), DataType.FLOAT64);
            float[] xs = x.toFloatArray(), ws = w.toFloatArray(), gys = gy.toFloatArray();
            double[] dx = new double[xs.length], dw = new double[ws.length];
            for (int b = 0; b < n; b++) {
                for (int oc = 0; oc < co; oc++) {
                    for (int oy = 0; oy < h; oy++) {
                        for (int ox = 0; ox < h; ox++) {
                            double go = gys[((b * co + oc) * h + oy) * h + ox];
                            for (int ic = 0; ic < ci; ic++) {
                                for (int ky = 0; ky < k; ky++) {
                                    for (int kx = 0; kx < k; kx++) {
                                        int iy = oy + ky - p, ix = ox + kx - p;
                                        if (iy < 0 || ix < 0 || iy >= h || ix >= h) {
                                            continue;
                                        }
                                        int xi = ((b * ci + ic) * h + iy) * h + ix, wi = ((oc * ci + ic) * k + ky) * k + kx;
                                        dx[xi] += go * ws[wi];
                                        dw[wi] += go * xs[xi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
            assertThat(Tensors.relativeError(g[0], m.create(dx, x.getShape()))).isLessThan(1e-6);
            assertThat(Tensors.relativeError(g[1], m.create(dw, w.getShape()))).isLessThan(1e-6);
        }
    }

    @Test
    void everyModelContributesShapes() {
        List<ConvShape> all = new ArrayList<>(shapes().toList());
        assertThat(all).extracting(ConvShape::kernel).contains(1, 3);
        assertThat(all).anyMatch(s -> s.out() == 1 || s.out() == 3);
        assertThat(all).anyMatch(s -> s.in() == 512 && s.out() == 512);
        assertThat(all).anyMatch(s -> s.stride() == 2).anyMatch(s -> s.groups() == 4).anyMatch(s -> s.groups() == s.in() && s.kernel() == 4);
        // the stored-weight models: DCGAN's strided 4x4 critic, SN-ResNet 1x1 and 3x3 layers, attention's C/8 maps
        assertThat(all).anyMatch(s -> s.kernel() == 4 && s.stride() == 2 && s.padding() == 1 && s.groups() == 1 && s.in() == 32);
        assertThat(all).anyMatch(s -> s.in() == 128 && s.out() == 16 && s.kernel() == 1);
        assertThat(transposedShapes()).isNotEmpty();
    }
}
