package org.gen4j.models.stylegan2;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.EnumSet;
import org.assertj.core.data.Offset;
import org.gen4j.ManagedTest;
import org.gen4j.augment.Ada;
import org.gen4j.augment.Augmenter;
import org.gen4j.ops.Autograd;
import org.gen4j.ops.Scalars;
import org.gen4j.train.StepRandom;
import org.junit.jupiter.api.Test;

/** R1 differentiates D through the augmentation: the transform sits inside the function whose input gradient it takes. */
class AugmentedR1Test extends ManagedTest {

    private NDArray reals() {
        return new StepRandom(4, 0).uniform(m, 4, 1, 8, 8).mul(2).sub(1);
    }

    @Test
    void anAugmentationThatErasesTheImageLeavesNoGradient() {
        try (StyleGan2 model = new StyleGan2(StyleGan2Test.tiny(0, 16, 4), 1);
                GradientCollector unused = Engine.getInstance().newGradientCollector()) {
            assertThat(model.r1Penalty(reals(), new StepRandom(1, 1)).getFloat()).isPositive();
            model.augmentWith(new Augmenter() {
                @Override
                public NDArray apply(NDArray images, StepRandom random) {
                    return Scalars.mul(images, 0);
                }

                @Override
                public String spec() {
                    return "erase";
                }
            });
            assertThat(model.r1Penalty(reals(), new StepRandom(1, 1)).getFloat()).isZero();
        }
    }

    @Test
    void theGradientIsTheTransposedTransformOfDsGradientAtTheAugmentedImage() {
        Ada ada = new Ada(EnumSet.allOf(Ada.Group.class), 0.6, 1);
        try (StyleGan2 model = new StyleGan2(StyleGan2Test.tiny(0, 16, 4), 1);
                GradientCollector unused = Engine.getInstance().newGradientCollector()) {
            model.augmentWith(ada);
            double r1 = model.r1Penalty(reals(), new StepRandom(1, 1)).getFloat();
            // by hand: y = A x with the same draw, g = dD/dy at y, then A^T g = d/dx sum(A x * g)
            NDArray y = ada.apply(reals(), new StepRandom(1, 1)).duplicate();
            y.setRequiresGradient(true);
            NDArray g = Autograd.gradient(model.scores(y), y).stopGradient();
            NDArray x = reals().duplicate();
            x.setRequiresGradient(true);
            NDArray back = Autograd.gradient(ada.apply(x, new StepRandom(1, 1)).mul(g), x);
            double expected = back.square().sum(new int[] {1, 2, 3}).mean().getFloat();
            assertThat(r1).isCloseTo(expected, Offset.offset(1e-6 + 1e-4 * expected));
            // another draw gives another penalty, so the comparison above can fail
            assertThat((double) model.r1Penalty(reals(), new StepRandom(1, 2)).getFloat()).isNotCloseTo(expected, Offset.offset(1e-4 * expected));
        }
    }
}
