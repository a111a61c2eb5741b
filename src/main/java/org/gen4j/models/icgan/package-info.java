/**
 * IC-GAN (Casanova, Careil, Verbeek, Drozdzal and Romero-Soriano, NeurIPS 2021, "Instance-Conditioned
 * GAN"; the authors' facebookresearch/ic_gan): BigGAN conditioned on the features of an instance, its
 * discriminator shown real images from the instance's neighbourhood in feature space.
 */
package org.gen4j.models.icgan;
