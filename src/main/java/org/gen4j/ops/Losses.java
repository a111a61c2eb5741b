package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Adversarial loss terms as pure functions of discriminator outputs {@code [N]} or {@code [N, 1]}. */
public final class Losses {

    private Losses() {}

    /**
     * Wasserstein critic loss {@code E[D(fake)] - E[D(real)]} (Arjovsky et al. 2017, eq. 3;
     * Gulrajani et al. 2017, eq. 3 without the penalty). Minimised by the critic.
     */
    public static NDArray wganCritic(NDArray realScores, NDArray fakeScores) {
        return fakeScores.mean().sub(realScores.mean());
    }

    /** Wasserstein generator loss {@code -E[D(fake)]}. */
    public static NDArray wganGenerator(NDArray fakeScores) {
        return fakeScores.mean().neg();
    }

    /**
     * The discriminator's logistic loss {@code E[softplus(D(fake))] + E[softplus(-D(real))]}, i.e.
     * {@code -log(1 - sigmoid(D(fake))) - log sigmoid(D(real))} (Goodfellow et al. 2014, eq. 1),
     * as StyleGAN and StyleGAN2 train with it.
     */
    public static NDArray logisticDiscriminator(NDArray realScores, NDArray fakeScores) {
        return Activation.softPlus(fakeScores).mean().add(Activation.softPlus(realScores.neg()).mean());
    }

    /**
     * The generator's non-saturating logistic loss {@code E[softplus(-D(fake))]}
     * ({@code -log sigmoid(D(G(z)))}, Goodfellow et al. 2014, section 3).
     */
    public static NDArray logisticGenerator(NDArray fakeScores) {
        return Activation.softPlus(fakeScores.neg()).mean();
    }

    /**
     * The discriminator's hinge loss {@code E[max(0, 1 - D(real))] + E[max(0, 1 + D(fake))]}
     * (Lim and Ye 2017; Miyato et al. 2018, equation 16), as SAGAN and BigGAN train with it.
     */
    public static NDArray hingeDiscriminator(NDArray realScores, NDArray fakeScores) {
        return Activation.relu(realScores.neg().add(1)).mean().add(Activation.relu(fakeScores.add(1)).mean());
    }

    /** The generator's hinge loss {@code -E[D(fake)]} (SAGAN, equation 5). */
    public static NDArray hingeGenerator(NDArray fakeScores) {
        return fakeScores.mean().neg();
    }

    /**
     * Mean cross-entropy {@code -E log softmax(logits)[label]} of class logits {@code [N, K]}
     * against class indices {@code [N]} (int64).
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        int k = (int) logits.getShape().get(1);
        NDArray oneHot = labels.toType(ai.djl.ndarray.types.DataType.INT64, false).oneHot(k).toType(logits.getDataType(), false);
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    /**
     * Mean binary cross-entropy of logits against targets in [0, 1] (any shape, broadcast):
     * {@code E[softplus(x) - x t]}, i.e. {@code -t log sigmoid(x) - (1 - t) log(1 - sigmoid(x))},
     * U-Net GAN's loss for its global and per-pixel outputs.
     */
    public static NDArray binaryCrossEntropy(NDArray logits, NDArray targets) {
        return Activation.softPlus(logits).sub(logits.mul(targets)).mean();
    }

    /** {@link #binaryCrossEntropy(NDArray, NDArray)} against one target for every logit (1 real, 0 fake). */
    public static NDArray binaryCrossEntropy(NDArray logits, double target) {
        NDArray softplus = Activation.softPlus(logits);
        return (target == 0 ? softplus : softplus.sub(Scalars.mul(logits, target))).mean();
    }

    /**
     * The label of ADC-GAN's 2K-way classifier (Hou et al., ICML 2022, section 3): {@code 2y} for a
     * real image of class y, {@code 2y + 1} for a generated one.
     */
    public static NDArray adcLabels(NDArray classes, boolean fake) {
        NDArray twice = classes.toType(ai.djl.ndarray.types.DataType.INT64, false).mul(2);
        return fake ? twice.add(1) : twice;
    }

    /**
     * ADC-GAN's discriminator-side classifier loss (equation 6):
     * {@code CE(C(x), 2y) + CE(C(G(z, y)), 2y + 1)}, before its weight lambda_D.
     *
     * @param realLogits {@code [N, 2K]} on real images of classes {@code realClasses}
     * @param fakeLogits {@code [N, 2K]} on generated images of classes {@code fakeClasses}
     */
    public static NDArray adcDiscriminator(NDArray realLogits, NDArray realClasses, NDArray fakeLogits, NDArray fakeClasses) {
        return crossEntropy(realLogits, adcLabels(realClasses, false)).add(crossEntropy(fakeLogits, adcLabels(fakeClasses, true)));
    }

    /**
     * ADC-GAN's generator-side classifier loss (equation 7): {@code CE(C(G(z, y)), 2y) -
     * CE(C(G(z, y)), 2y + 1)}, before its weight lambda_G: G is pulled towards the real-class label
     * and pushed away from the fake-class label of its own class.
     */
    public static NDArray adcGenerator(NDArray fakeLogits, NDArray fakeClasses) {
        return crossEntropy(fakeLogits, adcLabels(fakeClasses, false)).sub(crossEntropy(fakeLogits, adcLabels(fakeClasses, true)));
    }

    /**
     * ProGAN's drift term {@code E[D(real)^2]} (Karras et al. 2018, appendix A.1), weighted by
     * epsilon_drift = 0.001 there; it keeps critic outputs from drifting far from zero.
     */
    public static NDArray drift(NDArray realScores) {
        return realScores.square().mean();
    }
}
