package org.gen4j.augment;

/**
 * A model whose discriminator can see augmented images: every GAN. The augmenter is set once,
 * right after the model is made and before any state is restored or any step taken; the model
 * applies it to every image D sees (reals, fakes, and inside R1 or gradient-penalty functions)
 * and saves its state with its own.
 */
public interface Augmentable {

    /** Sets the augmenter of every later step (replacing {@link Augmenter#NONE}). */
    void augmentWith(Augmenter augmenter);

    /** The augmenter in use. */
    Augmenter augmenter();
}
