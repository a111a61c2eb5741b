/**
 * CS-GAN (Wu, Rosca and Lillicrap, ICML 2019, "Deep Compressed Sensing", section 3.3; the authors'
 * deepmind-research/cs_gan): a GAN whose latents are optimised by a few projected gradient steps on
 * the generator's loss, with a learned step size, before every update and when sampling.
 */
package org.gen4j.models.csgan;
