/**
 * WGAN-GP (Gulrajani, Ahmed, Arjovsky, Dumoulin and Courville, NeurIPS 2017, "Improved Training of
 * Wasserstein GANs"): the Wasserstein critic with a gradient penalty on random interpolates instead
 * of weight clipping, on the paper's ResNet networks for 32x32 images, optionally class-conditional
 * as the authors' CIFAR-10 code (conditional batch norm in G, an auxiliary classifier on the critic).
 */
package org.gen4j.models.wgangp;
