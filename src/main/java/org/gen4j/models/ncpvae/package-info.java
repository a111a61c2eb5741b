/**
 * NCP-VAE (Aneja, Schwing, Kautz and Vahdat, NeurIPS 2021): stage 2 on a trained hierarchical VAE
 * (gen4j's VDVAE), one noise-contrastive classifier per latent group reweighting the frozen prior,
 * sampled by importance resampling or Langevin dynamics.
 */
package org.gen4j.models.ncpvae;
