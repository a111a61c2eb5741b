/**
 * WGAN (Arjovsky, Chintala and Bottou, ICML 2017, "Wasserstein Generative Adversarial
 * Networks"): a DCGAN critic without sigmoid trained on the Wasserstein loss with weight clipping
 * and RMSProp, several critic steps per generator step.
 */
package org.gen4j.models.wgan;
