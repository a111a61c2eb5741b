/**
 * U-Net GAN (Schonfeld, Schiele and Khoreva, CVPR 2020, "A U-Net Based Discriminator for
 * Generative Adversarial Networks"; the authors' boschresearch/unetgan): BigGAN's generator against
 * a U-Net discriminator with a global and a per-pixel output, CutMix of real and generated images
 * and the per-pixel consistency regulariser.
 */
package org.gen4j.models.unetgan;
