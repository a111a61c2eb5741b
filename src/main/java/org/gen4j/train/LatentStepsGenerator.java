package org.gen4j.train;

/**
 * A generator whose sampling optimises each latent against the discriminator before generating
 * from it, as CS-GAN and LOGAN evaluate: the number of steps can be chosen, 0 giving the plain
 * generator.
 */
public interface LatentStepsGenerator extends ImageGenerator {

    /** The steps sampling takes unless told otherwise (the paper's). */
    int defaultLatentSteps();

    /** This generator taking {@code steps} latent steps (0 or more) per sample. */
    ImageGenerator withLatentSteps(int steps);
}
