package org.gen4j.train;

import org.gen4j.Gen4jException;
import org.gen4j.ops.Precision;

/**
 * How long to train and how often to report, the same for every model.
 *
 * @param kimg total length in thousands of real images shown
 * @param tickKimg interval between lines in metrics.jsonl
 * @param snapshotKimg interval between sample grids in samples/
 * @param checkpointKimg interval between checkpoints
 * @param keepCheckpoints how many of the newest checkpoints to keep
 * @param gridSize images in each sample grid, drawn at the fixed seeds 0 .. gridSize-1
 * @param metrics metrics computed during training, comma-separated (e.g. "fid,swd"), or empty
 * @param metricsKimg interval between metric evaluations
 * @param metricsNum images per metric evaluation
 * @param featureNet feature network file for the metrics, or empty for the built-in one
 * @param precision number format of the training steps' convolutions
 * @param augment augmentation of the images a GAN's discriminator sees, in the canonical form of
 *     {@code org.gen4j.augment.Augmentation} ({@code none}, {@code diffaug=...}, {@code ada=...})
 * @param adaTarget ADA's target of {@code E[sign(D(real))]}
 */
public record TrainOptions(double kimg, double tickKimg, double snapshotKimg, double checkpointKimg,
        int keepCheckpoints, int gridSize, String metrics, double metricsKimg, int metricsNum, String featureNet,
        Precision precision, String augment, double adaTarget) {

    public TrainOptions {
        checkFlags(kimg, tickKimg, snapshotKimg, checkpointKimg, keepCheckpoints, gridSize, metricsKimg, metricsNum);
        java.util.Objects.requireNonNull(augment, "augment");
    }

    /** Options without augmentation. */
    public TrainOptions(double kimg, double tickKimg, double snapshotKimg, double checkpointKimg, int keepCheckpoints, int gridSize,
            String metrics, double metricsKimg, int metricsNum, String featureNet, Precision precision) {
        this(kimg, tickKimg, snapshotKimg, checkpointKimg, keepCheckpoints, gridSize, metrics, metricsKimg, metricsNum, featureNet, precision,
                "none", DEFAULT_ADA_TARGET);
    }

    /** ADA's target when {@code --ada-target} is not given (Karras et al. 2020, section 3). */
    public static final double DEFAULT_ADA_TARGET = 0.6;

    /**
     * Checks the values given on the command line ({@code null}: not given), each against the
     * range the options accept, so that {@code train} refuses a bad flag before it opens any data.
     */
    public static void checkFlags(Double kimg, Double tickKimg, Double snapshotKimg, Double checkpointKimg, Integer keepCheckpoints,
            Integer gridSize, Double metricsKimg, Integer metricsNum) {
        positive(kimg, "--kimg");
        positive(tickKimg, "--tick-kimg");
        positive(snapshotKimg, "--snapshot-kimg");
        positive(checkpointKimg, "--checkpoint-kimg");
        positive(metricsKimg, "--metrics-every");
        Gen4jException.check(keepCheckpoints == null || keepCheckpoints >= 1, "--keep-checkpoints must be at least 1, got %d.", keepCheckpoints);
        Gen4jException.check(gridSize == null || gridSize >= 1 && gridSize <= 1024, "--grid must be between 1 and 1024, got %d.", gridSize);
        Gen4jException.check(metricsNum == null || metricsNum >= 2 && metricsNum <= MAX_SAMPLES, "--metrics-num must be between 2 and %d, got %d.",
                MAX_SAMPLES, metricsNum);
    }

    /** The longest run {@code --kimg} accepts: ten billion images, beyond any published schedule. */
    public static final double MAX_KIMG = 1e7;
    /** The most samples a metric may draw (FID's convention is 50,000). */
    public static final int MAX_SAMPLES = 1_000_000;

    private static void positive(Double value, String flag) {
        Gen4jException.check(value == null || value > 0 && value <= MAX_KIMG, "%s must be positive and at most %.0f, got %s.", flag, MAX_KIMG,
                value);
    }

    /** Total length in images. */
    public long totalImages() {
        return Math.round(kimg * 1000);
    }
}
