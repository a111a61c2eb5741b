/**
 * Pure tensor functions with their shapes and papers in Javadoc: convolution (in float32 or
 * bfloat16, see {@link org.gen4j.ops.Precision}), resampling, normalisation, minibatch
 * statistics, losses, penalties, differentiable gradients, memory layout,
 * differentiation-safe scalar arithmetic and the design of windowed-sinc filters.
 */
package org.gen4j.ops;
