/** Layers with parameters: {@link org.gen4j.nn.Module} (named parameters and children) and the equalized-learning-rate layers. */
package org.gen4j.nn;
