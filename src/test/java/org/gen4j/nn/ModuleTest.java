package org.gen4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModuleTest {

    static final class Pair extends Module {
        Pair(NDManager m) {
            child("a", new EqualizedLinear(m, new SplittableRandom(1), 3, 2, 1));
            child("b", new EqualizedConv2d(m, new SplittableRandom(2), 2, 2, 3, 1, 1));
        }
    }

    @Test
    void parametersAreNamedByDottedPathInDeclarationOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(new Pair(m).parameters().keySet()).containsExactly("a.weight", "a.bias", "b.weight", "b.bias");
            assertThat(new Pair(m).modules().keySet()).containsExactly("a", "b");
        }
    }

    @Test
    void loadCopiesValuesExactly() {
        try (NDManager m = NDManager.newBaseManager()) {
            Pair p = new Pair(m), q = new Pair(m);
            Map<String, NDArray> values = new LinkedHashMap<>();
            p.parameters().forEach((k, v) -> values.put(k, m.randomNormal(v.getShape())));
            q.load(values);
            q.parameters().forEach((k, v) -> assertThat(v.toFloatArray()).containsExactly(values.get(k).toFloatArray()));
        }
    }

    @Test
    void loadNamesTheMissingUnexpectedOrMisshapedKey() {
        try (NDManager m = NDManager.newBaseManager()) {
            Pair p = new Pair(m);
            Map<String, NDArray> values = new LinkedHashMap<>(p.parameters());
            values.remove("b.bias");
            assertThatThrownBy(() -> p.load(values)).hasMessageContaining("missing parameter 'b.bias'");
            values.put("b.bias", m.zeros(new Shape(2)));
            values.put("c.weight", m.zeros(new Shape(1)));
            assertThatThrownBy(() -> p.load(values)).hasMessageContaining("unexpected parameter 'c.weight'");
            values.remove("c.weight");
            values.put("a.weight", m.zeros(new Shape(3, 2)));
            assertThatThrownBy(() -> p.load(values)).hasMessageContaining("'a.weight' has shape (3, 2) but (2, 3)");
        }
    }
}
