package org.gen4j.models.gan;

import org.gen4j.Gen4jException;

/**
 * The validations every GAN configuration repeats, each failing with one sentence that names the
 * setting, its value and what is accepted.
 */
public final class ConfigChecks {

    private ConfigChecks() {}

    /** The image side: a power of two of at least {@code min}. */
    public static void resolution(int resolution, int min) {
        Gen4jException.check(resolution >= min && Integer.bitCount(resolution) == 1,
                "resolution must be a power of two of at least %d, got %d.", min, resolution);
    }

    /** The image size and minibatch every model has: resolution, 1 or 3 channels, a positive batch. */
    public static void images(int resolution, int minResolution, int imageChannels, int batch) {
        resolution(resolution, minResolution);
        Gen4jException.check(imageChannels == 1 || imageChannels == 3, "imageChannels must be 1 or 3, got %d.", imageChannels);
        Gen4jException.check(batch >= 1, "batch must be positive, got %d.", batch);
    }

    /** Adam's step size, betas and epsilon, with the settings' names as the record spells them. */
    public static void adam(String lrName, double lr, String beta1Name, double beta1, String beta2Name, double beta2, double eps) {
        positive(lrName, lr);
        Gen4jException.check(beta1 >= 0 && beta1 < 1, "%s must lie in [0, 1), got %s.", beta1Name, beta1);
        Gen4jException.check(beta2 >= 0 && beta2 < 1, "%s must lie in [0, 1), got %s.", beta2Name, beta2);
        positive("adamEpsilon", eps);
    }

    /** Adam settings named {@code learningRate}, {@code beta1}, {@code beta2}. */
    public static void adam(double lr, double beta1, double beta2, double eps) {
        adam("learningRate", lr, "beta1", beta1, "beta2", beta2, eps);
    }

    public static void positive(String name, double value) {
        Gen4jException.check(value > 0 && Double.isFinite(value), "%s must be positive, got %s.", name, value);
    }

    public static void positive(String name, int value) {
        Gen4jException.check(value >= 1, "%s must be positive, got %d.", name, value);
    }

    public static void notNegative(String name, double value) {
        Gen4jException.check(value >= 0 && Double.isFinite(value), "%s must not be negative, got %s.", name, value);
    }

    public static void notNegative(String name, int value) {
        Gen4jException.check(value >= 0, "%s must not be negative, got %d.", name, value);
    }

    /** A decay or probability in {@code [0, 1)}. */
    public static void fraction(String name, double value) {
        Gen4jException.check(value >= 0 && value < 1, "%s must lie in [0, 1), got %s.", name, value);
    }

    /** A probability in {@code [0, 1]}. */
    public static void probability(String name, double value) {
        Gen4jException.check(value >= 0 && value <= 1, "%s must lie in [0, 1], got %s.", name, value);
    }
}
