package org.gen4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;
import org.gen4j.ops.Shapes;

/**
 * A class embedding: a table {@code [classes, dim]} whose row {@code y} is the vector of class
 * {@code y}, optionally spectrally normalised (the projection discriminator's embedding in
 * BigGAN-PyTorch). It is applied to class weights {@code [N, classes]}: one-hot rows look a class
 * up, and mixed rows give the same mixture of the class vectors, which is how BigGAN interpolates
 * between classes (section 3 and figure 8: the shared embedding is linear in the one-hot label).
 */
public final class Embedding extends Module {

    private final NDArray weight; // [classes, dim]
    private final SpectralNorm sn;
    private final int classes;

    public Embedding(NDManager manager, RandomGenerator rng, int classes, int dim, boolean spectralNorm, Init init) {
        Shape shape = new Shape(classes, dim);
        this.classes = classes;
        this.weight = parameter("weight", init.draw(manager, rng, shape));
        this.sn = spectralNorm ? child("sn", new SpectralNorm(manager, rng, shape)) : null;
    }

    public NDArray weight() {
        return weight;
    }

    /** {@code [N, classes]} class weights (one-hot or mixed) {@code -> [N, dim]}. */
    public NDArray forward(NDArray classWeights) {
        Shapes.check(classWeights, "class weights", Shapes.ANY, classes);
        return classWeights.matMul(sn == null ? weight : sn.apply(weight));
    }

    /** One-hot rows {@code [N, classes]} (float32) for class indices {@code [N]}. */
    public static NDArray oneHot(NDArray classes, int numClasses) {
        return classes.toType(DataType.INT64, false).oneHot(numClasses).toType(DataType.FLOAT32, false);
    }
}
