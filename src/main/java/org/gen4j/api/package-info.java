/**
 * gen4j's Java API: {@link org.gen4j.api.Gen4j#open} restores a trained model from a run or a
 * checkpoint and {@link org.gen4j.api.TrainedModel#generate} draws its images as {@code gen4j
 * sample} does; the command line samples through the same calls.
 */
package org.gen4j.api;
