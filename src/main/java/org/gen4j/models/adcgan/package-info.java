/**
 * ADC-GAN (Hou, Cao, Shen and Cheng, ICML 2022, "Conditional GANs with Auxiliary Discriminative
 * Classifier"; the authors' code liang-hou/adcgan): BigGAN's networks and hinge training with a
 * 2K-way classifier head on the discriminator's features in place of the projection.
 */
package org.gen4j.models.adcgan;
