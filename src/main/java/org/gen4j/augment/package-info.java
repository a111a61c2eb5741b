/**
 * Differentiable augmentation of every image a GAN's discriminator sees: DiffAugment (Zhao et al.,
 * "Differentiable Augmentation for Data-Efficient GAN Training", NeurIPS 2020) and ADA (Karras et
 * al., "Training Generative Adversarial Networks with Limited Data", NeurIPS 2020) with its adaptive
 * probability. An {@link org.gen4j.augment.Augmenter} is handed to a model that has a discriminator
 * ({@link org.gen4j.augment.Augmentable}) and applied to reals, fakes and inside gradient
 * penalties; its random parameters come from the step's {@link org.gen4j.train.StepRandom}, so a
 * resumed run draws the same transforms.
 */
package org.gen4j.augment;
