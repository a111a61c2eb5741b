package org.gen4j.models.stylegan2;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.gen4j.ManagedTest;
import org.gen4j.Tensors;
import org.gen4j.nn.Embedding;
import org.gen4j.nn.Parameters;
import org.gen4j.ops.Autograd;
import org.gen4j.ops.Precision;
import org.gen4j.train.Configs;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

/**
 * D's input gradient written out layer by layer ({@link Discriminator#logitsAndInputGradient})
 * against autograd's: the gradient itself, and R1's parameter gradients through it, which is
 * what the explicit form is for (a wrong adjoint, stride, padding, filter or slope changes both).
 */
class DiscriminatorInputGradientTest extends ManagedTest {

    /** A 16x16 RGB D with two blocks and 24 channels (not a whole 16-channel block). */
    static StyleGan2Config config(boolean conditional) {
        Map<String, String> o = new LinkedHashMap<>(Map.of("resolution", "16", "imageChannels", "3", "channelMax", "24", "batch", "8"));
        if (conditional) {
            o.putAll(Map.of("numClasses", "3", "conditional", "true", "dMappingLayers", "2"));
        }
        return Configs.override(StyleGan2Test.tiny(0, 16, 4), o, "test");
    }

    @Test
    void theWrittenOutGradientEqualsAutogradsUnconditioned() {
        compare(false, Precision.FLOAT32, 1e-5, 1e-4);
    }

    @Test
    void theWrittenOutGradientEqualsAutogradsConditioned() {
        compare(true, Precision.FLOAT32, 1e-5, 1e-4);
    }

    @Test
    void theWrittenOutGradientEqualsAutogradsInBfloat16() {
        // both round the convolutions' operands to bfloat16 (8 bits of mantissa), in different places
        compare(false, Precision.BFLOAT16, 2e-2, 5e-2);
    }

    private void compare(boolean conditional, Precision precision, double gradientTolerance, double r1Tolerance) {
        Precision.during(precision, () -> {
            try (StyleGan2 model = new StyleGan2(config(conditional), 5)) {
                Discriminator d = model.discriminator();
                NDArray c = conditional ? Embedding.oneHot(m.create(new long[] {0, 1, 2, 0, 1, 2, 2, 1}), 3) : null;
                NDArray reals = new StepRandom(3, 0).uniform(m, 8, 3, 16, 16).mul(2).sub(1);
                Supplier<Autograd.ValueAndGradient> byAutograd = () -> {
                    NDArray x = input(reals);
                    return Autograd.differentiate(x, xx -> c == null ? d.forward(xx) : d.forward(xx, c));
                };
                Supplier<Autograd.ValueAndGradient> writtenOut = () -> d.logitsAndInputGradient(input(reals), c);
                Map<String, NDArray> expected = new LinkedHashMap<>();
                Map<String, NDArray> actual = new LinkedHashMap<>();
                try (GradientCollector unused = Engine.getInstance().newGradientCollector()) {
                    Autograd.ValueAndGradient a = byAutograd.get();
                    Autograd.ValueAndGradient b = writtenOut.get();
                    assertThat(Tensors.maxAbsDiff(b.value(), a.value())).isLessThan(1e-6);
                    assertThat(Tensors.relativeError(b.gradient(), a.gradient())).isLessThan(gradientTolerance);
                }
                r1Gradients(d, byAutograd, expected);
                r1Gradients(d, writtenOut, actual);
                assertThat(actual.keySet()).isEqualTo(expected.keySet());
                for (String name : expected.keySet()) {
                    assertThat(Tensors.relativeError(actual.get(name), expected.get(name))).as(name).isLessThan(r1Tolerance);
                }
                assertThat(expected.get("b16.conv0.weight").abs().max().getFloat()).isPositive();
            }
            return null;
        });
    }

    private static NDArray input(NDArray reals) {
        NDArray x = reals.duplicate();
        x.setRequiresGradient(true);
        return x;
    }

    /** D's parameter gradients of {@code sum ||grad||^2}, copied, for those R1 reaches. */
    private static void r1Gradients(Discriminator d, Supplier<Autograd.ValueAndGradient> gradient, Map<String, NDArray> out) {
        Map<String, NDArray> params = d.parameters();
        Parameters.zeroGradients(params.values());
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(gradient.get().gradient().square().sum());
        }
        params.forEach((name, p) -> {
            if (!name.equals("b4out.bias")) {
                out.put(name, p.getGradient().duplicate());
            }
        });
    }
}
