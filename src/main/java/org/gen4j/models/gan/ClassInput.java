package org.gen4j.models.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.gen4j.Gen4jException;
import org.gen4j.nn.Embedding;

/**
 * The class input of generators that condition through per-class rows (tables or an embedding):
 * one-hot rows of the classes, or, for an unconditional model, of its single class.
 */
public final class ClassInput {

    private ClassInput() {}

    /** Rows the conditioning has: the classes, or one standing for "no class". */
    public static int rows(int numClasses) {
        return Math.max(1, numClasses);
    }

    /**
     * One-hot classes {@code [n, rows(numClasses)]} for sampling; refuses classes for an
     * unconditional model and their absence for a conditional one, naming the model.
     */
    public static NDArray forSampling(NDArray classes, int numClasses, int n, NDManager m, String model) {
        if (numClasses == 0) {
            Gen4jException.check(classes == null, "%s is unconditional; it takes no class labels.", model);
            return Embedding.oneHot(m.zeros(new Shape(n), DataType.INT64), 1);
        }
        Gen4jException.check(classes != null, "%s is class-conditional; give each image a class.", model);
        return Embedding.oneHot(classes, numClasses);
    }

    /** The minibatch's class indices, or class 0 for every image of an unconditional model. */
    public static NDArray forTraining(NDArray classes, int numClasses, int n, NDManager m, String model) {
        if (numClasses == 0) {
            return m.zeros(new Shape(n), DataType.INT64);
        }
        Gen4jException.check(classes != null, "%s is class-conditional but the training data has no labels.", model);
        return classes;
    }
}
