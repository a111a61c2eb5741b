/**
 * StyleGAN-XL (Sauer, Schwarz, Geiger, "StyleGAN-XL: Scaling StyleGAN to Large Diverse Datasets",
 * SIGGRAPH 2022): StyleGAN3-T's synthesis network (imported from {@code models.stylegan3}) behind a
 * mapping network with a 64-d z and a class embedding, trained against a projected discriminator
 * (Sauer et al., "Projected GANs Converge Faster", NeurIPS 2021) on a frozen feature network, with
 * per-class average w, classifier guidance and progressive growing from a stem run.
 */
package org.gen4j.models.styleganxl;
