/**
 * StyleGAN3 (Karras et al., "Alias-Free Generative Adversarial Networks", NeurIPS 2021): the
 * synthesis network's layer schedule of cutoffs, stopbands, sampling rates, sizes and channels.
 */
package org.gen4j.models.stylegan3;
