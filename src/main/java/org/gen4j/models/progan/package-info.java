/**
 * ProGAN (Karras et al., "Progressive Growing of GANs for Improved Quality, Stability, and
 * Variation", ICLR 2018): configuration and presets, the mirror-image generator and
 * discriminator, the growth schedule and the WGAN-GP training step.
 */
package org.gen4j.models.progan;
