/**
 * StyleGAN3 (Karras et al., "Alias-Free Generative Adversarial Networks", NeurIPS 2021), configs
 * T and R: the layer schedule of cutoffs, stopbands, sampling rates and channels, the synthesis
 * network with its Fourier-feature input and filtered nonlinearities, and the model that trains it
 * on StyleGAN2's loop with a user transform of the input for sampling and the equivariance metrics.
 */
package org.gen4j.models.stylegan3;
