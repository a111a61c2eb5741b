package org.gen4j.models.adcgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.random.RandomGenerator;
import org.gen4j.models.sagan.Discriminator;
import org.gen4j.nn.Bias;
import org.gen4j.nn.Init;
import org.gen4j.nn.Linear;
import org.gen4j.nn.Module;

/**
 * ADC-GAN's discriminator (the authors' {@code BigGAN.py}): BigGAN's residual trunk and sum
 * pooling, then two spectrally normalised linear heads on the same pooled features, the
 * adversarial score and the 2K-way classifier over (class, real or fake). There is no projection
 * term.
 */
public final class AdcDiscriminator extends Module {

    /** Both heads' outputs for a batch. */
    public record Output(NDArray scores, NDArray logits) {}

    private final Discriminator trunk;
    private final Linear adversarial;
    private final Linear classifier;

    public AdcDiscriminator(NDManager m, RandomGenerator rng, int resolution, int ch, int imageChannels, int attentionResolution,
            int numClasses, Init init) {
        this.trunk = child("trunk", Discriminator.resnet(m, rng, resolution, ch, imageChannels, attentionResolution, 0, init, false));
        this.adversarial = child("linear", new Linear(m, rng, trunk.featureDim(), 1, init, Bias.PYTORCH, true));
        this.classifier = child("adc", new Linear(m, rng, trunk.featureDim(), 2 * numClasses, init, Bias.PYTORCH, true));
    }

    /** Adversarial scores {@code [N]} and classifier logits {@code [N, 2K]} of images {@code [N, C, R, R]}. */
    public Output forward(NDArray x) {
        NDArray h = trunk.features(x);
        return new Output(adversarial.forward(h).reshape(-1), classifier.forward(h));
    }
}
