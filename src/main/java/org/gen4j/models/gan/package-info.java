/**
 * What every GAN here shares: the {@link org.gen4j.models.gan.Gan} scaffold (generator,
 * discriminator, the generator's moving average, both optimisers, their checkpointed state and the
 * two kinds of update step), the schedule of several critic steps per generator step, and the
 * checks common to every GAN configuration.
 */
package org.gen4j.models.gan;
