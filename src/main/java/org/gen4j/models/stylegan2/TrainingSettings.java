package org.gen4j.models.stylegan2;

/**
 * The settings of StyleGAN2's training ({@link StyleGan2Training}), which StyleGAN3 trains with too
 * (its paper, section 3 and appendix D: StyleGAN2's loss, D and lazy R1, with path length and
 * style mixing off and, for config R, a blurred D input early on).
 */
public interface TrainingSettings extends DiscriminatorSettings {

    int batch();

    int zDim();

    int wDim();

    /** The ws the synthesis network takes. */
    int numWs();

    double gLearningRate();

    double dLearningRate();

    double beta1();

    double beta2();

    double adamEpsilon();

    double r1Gamma();

    /** Minibatches between lazy R1 passes (0: off). */
    int r1Interval();

    double plWeight();

    int plInterval();

    int plBatchShrink();

    double plDecay();

    double styleMixing();

    double emaKimg();

    double emaRampup();

    double wAvgBeta();

    /** Classes G and D are conditioned on (G's mapping embeds them, D projects onto them); 0 when unconditional. */
    default int numClasses() {
        return 0;
    }

    /** Standard deviation of the Gaussian blur of D's input after {@code imagesSeen} images (0: none). */
    default double blurSigma(long imagesSeen) {
        return 0;
    }
}
