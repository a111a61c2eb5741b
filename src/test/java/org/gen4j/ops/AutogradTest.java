package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gen4j.Tensors;
import org.junit.jupiter.api.Test;

class AutogradTest {

    @Test
    void firstOrderGradientMatchesTheDerivative() {
        try (NDManager m = NDManager.newBaseManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray x = m.create(new float[] {-2, 0.5f, 3});
            x.setRequiresGradient(true);
            NDArray g = Autograd.gradient(x.mul(x).mul(x), x);
            assertThat(g.toFloatArray()).containsExactly(12f, 0.75f, 27f);
        }
    }

    @Test
    void differentiateReturnsTheValueWithItsGradientAndBothStayInTheGraph() {
        // f(x) = w x^3: value w x^3, gradient 3 w x^2; L = sum(gradient) gives dL/dw = 3 x^2.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {0.5f, -1f, 2f});
            w.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray x = m.create(new float[] {-2, 0.5f, 3});
                x.setRequiresGradient(true);
                Autograd.ValueAndGradient vg = Autograd.differentiate(x, v -> v.mul(v).mul(v).mul(w));
                assertThat(vg.value().toFloatArray()).containsExactly(-4f, -0.125f, 54f);
                assertThat(vg.gradient().toFloatArray()).containsExactly(6f, -0.75f, 54f);
                gc.backward(vg.gradient().sum());
            }
            assertThat(w.getGradient().toFloatArray()).containsExactly(12f, 0.75f, 27f);
        }
    }

    @Test
    void gradientIsDifferentiableInTurn() {
        // L(w) = sum((d/dx sum(w x^2))^2) = sum((2 w x)^2), so dL/dw = 8 w x^2.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {0.5f, -1f, 2f});
            w.setRequiresGradient(true);
            NDArray x = m.create(new float[] {1f, 2f, -3f});
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                x.setRequiresGradient(true);
                NDArray g = Autograd.gradient(w.mul(x.square()), x);
                gc.backward(g.square().sum());
            }
            assertThat(w.getGradient().toFloatArray()).containsExactly(4f, -32f, 144f);
        }
    }

    @Test
    void severalInputsAndUnusedOnesGetZeros() {
        try (NDManager m = NDManager.newBaseManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray a = m.create(new float[] {1, 2});
            NDArray b = m.create(new float[] {3, 4});
            NDArray unused = m.create(new float[] {5});
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            unused.setRequiresGradient(true);
            NDList g = Autograd.gradients(a.mul(b), a, b, unused);
            assertThat(g.get(0).toFloatArray()).containsExactly(3, 4);
            assertThat(g.get(1).toFloatArray()).containsExactly(1, 2);
            assertThat(g.get(2).toFloatArray()).containsExactly(0);
        }
    }

    /**
     * Second-order gradients through a convolution critic, in float64, against central finite
     * differences of the penalty with respect to the weights.
     */
    @Test
    void secondOrderGradientThroughConvolutionMatchesFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray w = m.randomNormal(new Shape(4, 2, 3, 3)).toType(DataType.FLOAT64, false);
            NDArray x = m.randomNormal(new Shape(3, 2, 5, 5)).toType(DataType.FLOAT64, false);
            w.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(penalty(w, x));
            }
            double[] analytic = w.getGradient().toDoubleArray();
            double[] base = w.toDoubleArray();
            double h = 1e-5;
            for (int i = 0; i < base.length; i += 7) {
                double plus = penaltyAt(m, base, i, h, x), minus = penaltyAt(m, base, i, -h, x);
                double numeric = (plus - minus) / (2 * h);
                assertThat(analytic[i]).as("dP/dw[%d]", i).isCloseTo(numeric, org.assertj.core.api.Assertions.within(1e-6 * Math.max(1, Math.abs(numeric))));
            }
        }
    }

    /** P(w) = sum over samples of |d/dx sum(lrelu(conv(x, w)))|^2. */
    private static NDArray penalty(NDArray w, NDArray x0) {
        NDArray x = x0.duplicate();
        x.setRequiresGradient(true);
        NDArray y = ai.djl.nn.Activation.leakyRelu(Conv.conv2d(x, w, null, 1), 0.2f).sum(new int[] {1, 2, 3});
        return Autograd.gradient(y, x).square().sum();
    }

    private static double penaltyAt(NDManager m, double[] base, int i, double delta, NDArray x) {
        double[] v = base.clone();
        v[i] += delta;
        try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            return penalty(m.create(v, new Shape(4, 2, 3, 3)), x).getDouble();
        }
    }

    /** The reason Autograd exists: a differentiable gradient every step must not leak. */
    @Test
    void repeatedSecondOrderStepsKeepMemoryFlat() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.randomNormal(new Shape(32, 16, 3, 3));
            w.setRequiresGradient(true);
            NDArray x0 = m.randomNormal(new Shape(8, 16, 16, 16));
            for (int i = 0; i < 50; i++) {
                gradientPenaltyStep(w, x0);
            }
            double before = rssMb();
            for (int i = 0; i < 300; i++) {
                gradientPenaltyStep(w, x0);
            }
            // The createGraph=true backward this replaces leaked about 2 MB per step on this
            // workload's scale; 300 steps would add hundreds of MB.
            assertThat(rssMb() - before).isLessThan(40);
        }
    }

    private static void gradientPenaltyStep(NDArray w, NDArray x0) {
        try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            NDArray x = x0.duplicate();
            x.setRequiresGradient(true);
            NDArray y = Conv.conv2d(x, w, null, 1).square().sum(new int[] {1, 2, 3});
            gc.backward(Autograd.gradient(y, x).square().mean());
        }
        org.gen4j.nn.Parameters.zeroGradients(java.util.List.of(w));
    }

    static double rssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    @Test
    void relativeErrorHelperIsSane() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(Tensors.relativeError(m.create(new float[] {1, 1}), m.create(new float[] {1, 1}))).isZero();
        }
    }
}
