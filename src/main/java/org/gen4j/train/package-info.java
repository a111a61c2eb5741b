/**
 * What every model shares: the {@link org.gen4j.train.TrainableModel} contract, the training
 * loop, the optimisers (Adam, RMSProp), the weight average, checkpoints, the run folder and sampling.
 */
package org.gen4j.train;
