/**
 * gen4j's Java API, on which the command line is built: {@link org.gen4j.api.Gen4j#open} restores
 * a trained model from a run or a checkpoint, and {@link org.gen4j.api.TrainedModel#generate} draws
 * its images as {@code gen4j sample} does. {@link org.gen4j.api.Gen4j#train} starts or resumes a
 * run as {@code gen4j train} does ({@link org.gen4j.api.TrainRequest}), and
 * {@link org.gen4j.api.RunReport} writes a run's HTML report.
 */
package org.gen4j.api;
