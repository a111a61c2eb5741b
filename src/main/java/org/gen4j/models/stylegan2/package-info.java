/**
 * StyleGAN2 (Karras et al., "Analyzing and Improving the Image Quality of StyleGAN", CVPR 2020):
 * configuration with config F and CPU presets, the mapping network, the skip synthesis network of
 * modulated convolutions, the residual discriminator, and the training step with lazy R1 and
 * path-length regularisation.
 */
package org.gen4j.models.stylegan2;
