/**
 * Diffusion-GAN (Wang, Zheng, He, Chen, Zhou, "Diffusion-GAN: Training GANs with Diffusion", ICLR
 * 2023): real and generated images pass an adaptive forward diffusion before a timestep-conditioned
 * discriminator. So far this package holds the {@link org.gen4j.models.diffusiongan.Diffusion}
 * process; the model on StyleGAN2's backbone (whose discriminator takes the timestep through its
 * conditioning input, {@code DiscriminatorSettings.dConditionDim}) is still to be assembled.
 */
package org.gen4j.models.diffusiongan;
