package org.gen4j.models.sagan;

import ai.djl.ndarray.NDArray;
import org.gen4j.train.TrainableModel;

/** Test access to the discriminator of a hinge-loss model (SAGAN, BigGAN and the models on them). */
public final class HingeGanTestAccess {

    private HingeGanTestAccess() {}

    /** D's scores {@code [N]} for images and one-hot classes ({@code null} when unconditional). */
    public static NDArray scores(TrainableModel model, NDArray images, NDArray classWeights) {
        return ((HingeGan<?, ?>) model).scores(images, classWeights);
    }
}
