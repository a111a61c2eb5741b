/**
 * StyleGAN (Karras et al., "A Style-Based Generator Architecture for Generative Adversarial
 * Networks", CVPR 2019): configuration and presets, the style-based generator with AdaIN and
 * noise on ProGAN's growth, and the training step with the logistic loss and R1.
 */
package org.gen4j.models.stylegan;
