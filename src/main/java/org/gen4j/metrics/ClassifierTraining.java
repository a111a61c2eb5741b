package org.gen4j.metrics;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import org.gen4j.data.Dataset;
import org.gen4j.data.Resize;
import org.gen4j.ops.Scalars;
import org.gen4j.train.Adam;

/**
 * Trains a {@link ClassifierNet} on a labelled dataset: cross-entropy, Adam ({@link #LEARNING_RATE},
 * betas 0.9 and 0.999) with the step size decaying linearly to zero, and random translations of
 * up to two pixels (zero padding) as augmentation.
 */
public final class ClassifierTraining {

    /** The trained network and its accuracy on the held-out images. */
    public record Result(ClassifierFeatures network, double testAccuracy) {}

    /** Hears about training progress. */
    public interface Listener {
        /** After each optimisation step ({@code step} of {@code total}). */
        void step(int step, int total);

        /** After each epoch, with a one-line summary. */
        void epoch(String summary);
    }

    /**
     * Adam's initial step size. The network stores unit-variance weights scaled at run time
     * (equalized learning rate), so a step of 0.01 there moves the effective weights by about as
     * much, relative to their size, as 0.001 does in a conventionally parametrised network; 0.001
     * learned several times slower here.
     */
    static final double LEARNING_RATE = 0.01;

    private ClassifierTraining() {}

    /**
     * @param train labelled training images (any size; brought to 32x32)
     * @param test labelled images to measure accuracy on, same channels and classes
     * @param listener hears about every step and epoch
     */
    public static Result train(Dataset train, Dataset test, int epochs, int batch, long seed, Listener listener) {
        Dataset tr = Resize.fit(train, ClassifierNet.SIZE), te = Resize.fit(test, ClassifierNet.SIZE);
        int classes = Math.max(tr.numClasses(), te.numClasses());
        List<String> names = tr.classNames().size() == classes ? tr.classNames()
                : java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        ClassifierFeatures features = ClassifierFeatures.untrained(tr.channels(), names, seed);
        ClassifierNet net = features.net();
        Adam adam = new Adam(features.manager(), net.parameters(), LEARNING_RATE, 0.9, 0.999, 1e-8);
        SplittableRandom rng = new SplittableRandom(seed);
        int stepsPerEpoch = tr.count() / batch, total = epochs * stepsPerEpoch, step = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (int epoch = 0; epoch < epochs; epoch++) {
                int[] order = permutation(tr.count(), rng);
                double lossSum = 0;
                for (int b = 0; b < stepsPerEpoch; b++, step++) {
                    adam.setLearningRate(LEARNING_RATE * (1 - (double) step / total));
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        float[] px = new float[batch * tr.imageSize()];
                        float[] onehot = new float[batch * classes];
                        for (int i = 0; i < batch; i++) {
                            int idx = order[b * batch + i];
                            shifted(tr, idx, rng.nextInt(5) - 2, rng.nextInt(5) - 2, px, i * tr.imageSize());
                            onehot[i * classes + tr.labels()[idx]] = 1;
                        }
                        NDArray x = Scalars.fromHost(m, px, new Shape(batch, tr.channels(), ClassifierNet.SIZE, ClassifierNet.SIZE));
                        NDArray y = Scalars.fromHost(m, onehot, new Shape(batch, classes));
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray logp = net.logits(net.features(x)).logSoftmax(1);
                            NDArray loss = logp.mul(y).sum(new int[] {1}).mean().neg();
                            gc.backward(loss);
                            lossSum += loss.getFloat();
                        }
                    }
                    adam.step();
                    listener.step(step + 1, total);
                }
                listener.epoch(String.format("epoch %d/%d: training loss %.4f, test accuracy %.4f", epoch + 1, epochs,
                        lossSum / stepsPerEpoch, accuracy(features, te)));
            }
        }
        return new Result(features, accuracy(features, te));
    }

    /** Fraction of {@code data}'s images whose most probable class is their label. */
    public static double accuracy(ClassifierFeatures network, Dataset data) {
        Dataset d = Resize.fit(data, ClassifierNet.SIZE);
        int correct = 0, batch = 500;
        try (NDManager m = NDManager.newBaseManager()) {
            for (int from = 0; from < d.count(); from += batch) {
                int n = Math.min(batch, d.count() - from);
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    float[] px = d.unit(from, n);
                    NDArray x = m.create(px, new Shape(n, d.channels(), ClassifierNet.SIZE, ClassifierNet.SIZE));
                    long[] predicted = network.apply(x).probabilities().argMax(1).toLongArray();
                    for (int i = 0; i < n; i++) {
                        correct += predicted[i] == d.labels()[from + i] ? 1 : 0;
                    }
                }
            }
        }
        return (double) correct / d.count();
    }

    /** Copies image {@code idx} shifted by (dx, dy) with zero fill, scaled to [-1, 1], into {@code out}. */
    private static void shifted(Dataset d, int idx, int dx, int dy, float[] out, int offset) {
        int s = d.width(), plane = s * s;
        byte[] p = d.pixels();
        for (int c = 0; c < d.channels(); c++) {
            int base = idx * d.imageSize() + c * plane;
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    int sx = x - dx, sy = y - dy;
                    int v = sx >= 0 && sy >= 0 && sx < s && sy < s ? p[base + sy * s + sx] & 0xff : 0;
                    out[offset + c * plane + y * s + x] = v / 127.5f - 1f;
                }
            }
        }
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
