/**
 * Layers with parameters: {@link org.gen4j.nn.Module} (named parameters, buffers and children,
 * training or evaluation mode), the equalized-learning-rate layers, and the layers of the
 * conditional GANs: stored-weight convolutions, dense layers and embeddings with optional spectral
 * normalisation, batch and conditional batch normalisation, self-attention and the projection head.
 */
package org.gen4j.nn;
