package org.gen4j.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each multi-tensor update gives bitwise what the per-tensor formula in its comment gives. */
class ForeachTest {

    private static final Shape[] SHAPES = {new Shape(3), new Shape(4, 5), new Shape(2, 3, 3, 3), new Shape(1)};

    private static List<NDArray> draw(NDManager m, Function<Shape, NDArray> f) {
        List<NDArray> xs = new ArrayList<>();
        for (Shape s : SHAPES) {
            xs.add(f.apply(s));
        }
        return xs;
    }

    private static List<NDArray> copies(List<NDArray> xs) {
        List<NDArray> out = new ArrayList<>();
        xs.forEach(x -> out.add(x.duplicate()));
        return out;
    }

    private static void assertSame(List<NDArray> actual, List<NDArray> expected) {
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i).toFloatArray()).as("tensor %d", i).containsExactly(expected.get(i).toFloatArray());
        }
    }

    @Test
    void adamMatchesThePerTensorFormulaOverSeveralSteps() {
        try (NDManager m = NDManager.newBaseManager()) {
            double lr = 2e-3, b1 = 0.9, b2 = 0.99, eps = 1e-8, wd = 0.01;
            List<NDArray> p = draw(m, m::randomNormal), pRef = copies(p);
            List<NDArray> mom = draw(m, s -> m.zeros(s)), v = draw(m, s -> m.zeros(s));
            List<NDArray> momRef = copies(mom), vRef = copies(v);
            for (long t = 1; t <= 3; t++) {
                List<NDArray> g = draw(m, m::randomNormal);
                Foreach.adam(p, g, mom, v, lr, b1, b2, eps, wd, t);
                double bc1 = 1 - Math.pow(b1, t), bc2 = 1 - Math.pow(b2, t);
                for (int i = 0; i < g.size(); i++) {
                    NDArray gi = g.get(i), mi = momRef.get(i), vi = vRef.get(i), pi = pRef.get(i);
                    pi.muli(1 - lr * wd);
                    mi.muli(b1).addi(gi.mul(1 - b1));
                    vi.muli(b2).addi(gi.square().muli(1 - b2));
                    pi.subi(mi.div(vi.div(bc2).sqrt().addi(eps)).muli(lr / bc1));
                }
            }
            assertSame(p, pRef);
            assertSame(mom, momRef);
            assertSame(v, vRef);
        }
    }

    @Test
    void rmsPropMatchesThePerTensorFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<NDArray> p = draw(m, m::randomNormal), pRef = copies(p);
            List<NDArray> v = draw(m, s -> m.randomUniform(0, 1, s)), vRef = copies(v);
            List<NDArray> g = draw(m, m::randomNormal);
            Foreach.rmsProp(p, g, v, 5e-5, 0.99, 1e-8);
            for (int i = 0; i < g.size(); i++) {
                vRef.get(i).muli(0.99).addi(g.get(i).square().muli(1 - 0.99));
                pRef.get(i).subi(g.get(i).div(vRef.get(i).sqrt().addi(1e-8)).muli(5e-5));
            }
            assertSame(p, pRef);
            assertSame(v, vRef);
        }
    }

    @Test
    void movingAverageScaleZeroAndSumOfSquares() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<NDArray> avg = draw(m, m::randomNormal), avgRef = copies(avg), cur = draw(m, m::randomNormal);
            Foreach.towards(avg, cur, 0.999);
            for (int i = 0; i < cur.size(); i++) {
                avgRef.get(i).subi(cur.get(i)).muli(0.999).addi(cur.get(i));
            }
            assertSame(avg, avgRef);

            List<NDArray> xs = draw(m, m::randomNormal), xsRef = copies(xs);
            double sum = 0;
            for (NDArray x : xs) {
                sum += x.square().sum().getFloat();
            }
            assertThat(Foreach.sumOfSquares(xs)).isCloseTo(sum, org.assertj.core.data.Percentage.withPercentage(1e-4));
            Foreach.scale(xs, 0.25);
            xsRef.forEach(x -> x.muli(0.25));
            assertSame(xs, xsRef);
            Foreach.zero(xs);
            xs.forEach(x -> assertThat(x.abs().sum().getFloat()).isZero());
        }
    }
}
