/**
 * VDVAE (Child, ICLR 2021): a hierarchical VAE with a bottom-up encoder and a deep top-down decoder
 * of residual blocks, one latent group per decoder block, and a discretized mixture of logistics
 * likelihood.
 */
package org.gen4j.models.vdvae;
