/**
 * Diffusion-GAN (Wang, Zheng, He, Chen, Zhou, "Diffusion-GAN: Training GANs with Diffusion", ICLR
 * 2023) on StyleGAN2's backbone: real and generated images pass the adaptive forward
 * {@link org.gen4j.models.diffusiongan.Diffusion} before a timestep-conditioned discriminator
 * (StyleGAN2's, given its conditioning input, {@code DiscriminatorSettings.dConditionDim}).
 */
package org.gen4j.models.diffusiongan;
