package org.gen4j.train;

import org.gen4j.ops.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * The random numbers of one training step (latents, mixing factors), drawn on the JVM from a
 * generator seeded by (run seed, step index). A resumed run therefore draws exactly what the
 * uninterrupted run would have, on any device.
 */
public final class StepRandom {

    private final SplittableRandom rng;

    public StepRandom(long seed, long step) {
        this.rng = new SplittableRandom(seed * 0xBF58476D1CE4E5B9L ^ (step + 0x632BE59BD9B4E019L));
    }

    /** Standard normal values. */
    public NDArray normal(NDManager manager, long... shape) {
        return draw(manager, new Shape(shape), rng::nextGaussian);
    }

    /** Uniform values in [0, 1). */
    public NDArray uniform(NDManager manager, long... shape) {
        return draw(manager, new Shape(shape), rng::nextDouble);
    }

    /** One uniform value in [0, 1), for decisions such as whether to mix styles. */
    public double nextDouble() {
        return rng.nextDouble();
    }

    /** One standard normal value. */
    public double nextGaussian() {
        return rng.nextGaussian();
    }

    /** One integer in [origin, bound). */
    public int nextInt(int origin, int bound) {
        return rng.nextInt(origin, bound);
    }

    private static NDArray draw(NDManager manager, Shape shape, DoubleSupplier source) {
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) source.getAsDouble();
        }
        return Scalars.fromHost(manager, v, shape);
    }
}
