/**
 * LOGAN (Wu, Donahue, Balduzzi, Simonyan and Lillicrap 2019, "LOGAN: Latent Optimisation for
 * Generative Adversarial Networks"): BigGAN-deep whose latents take natural-gradient steps up the
 * discriminator's score before every update, with a penalty on the step's size.
 */
package org.gen4j.models.logan;
