package org.gen4j.models.stylegan2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;
import org.gen4j.ManagedTest;
import org.gen4j.Tensors;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

/** D's conditioning input (labels, a diffusion timestep): mapped, and its output projected onto the mapping. */
class ConditionedDiscriminatorTest extends ManagedTest {

    private static DiscriminatorSettings settings(int conditionDim) {
        return new DiscriminatorSettings() {
            @Override public int resolution() { return 8; }
            @Override public int imageChannels() { return 1; }
            @Override public int dChannelsAt(int res) { return 8; }
            @Override public int mbstdGroup() { return 2; }
            @Override public int dConditionDim() { return conditionDim; }
        };
    }

    @Test
    void theConditionChangesTheLogitsAndAnUnconditionedDIsAsBefore() {
        NDArray img = new StepRandom(1, 0).uniform(m, 4, 1, 8, 8).mul(2).sub(1);
        Discriminator d = new Discriminator(m, new SplittableRandom(3), settings(1));
        NDArray t0 = m.create(new float[] {0, 0, 0, 0}, new ai.djl.ndarray.types.Shape(4, 1));
        NDArray t1 = m.create(new float[] {0, 300, 0, 900}, new ai.djl.ndarray.types.Shape(4, 1));
        float[] a = d.forward(img, t0).toFloatArray(), b = d.forward(img, t1).toFloatArray();
        assertThat(a).hasSize(4);
        assertThat(b[0]).isEqualTo(a[0]);
        assertThat(Math.abs(b[1] - a[1])).isGreaterThan(1e-4f);
        assertThat(Math.abs(b[3] - a[3])).isGreaterThan(1e-4f);
        assertThat(d.parameters()).containsKeys("cembed.weight", "cmapping.fc0.weight", "cmapping.fc1.weight");
        assertThat(d.parameters().get("b4out.weight").getShape().get(0)).isEqualTo(8); // projected onto 8 mapped features
        assertThatThrownBy(() -> d.forward(img)).hasMessageContaining("needs a condition");
        // without a condition, D draws and computes exactly what it did before conditioning existed
        Discriminator plain = new Discriminator(m, new SplittableRandom(3), settings(0));
        assertThat(plain.parameters().keySet()).noneMatch(k -> k.startsWith("cembed") || k.startsWith("cmapping"));
        assertThat(plain.forward(img).getShape().dimension()).isEqualTo(1);
        assertThat(Tensors.maxAbsDiff(plain.parameters().get("b4fc.weight"), d.parameters().get("b4fc.weight"))).isZero();
    }
}
