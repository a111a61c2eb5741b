/**
 * Evaluation: FID, KID, IS, precision/recall and SWD as pure computations, the feature networks
 * they use (the built-in classifier and TorchScript files such as the FID Inception), and the
 * {@link org.gen4j.metrics.Evaluator} that runs them on a generator. It reads generators through
 * {@link org.gen4j.train.ImageGenerator}, so it sits beside the training loop, which calls it
 * through a plain function and knows nothing of it.
 */
package org.gen4j.metrics;
