package org.gen4j.data;

import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An endless stream of shuffled minibatches, prepared on a background thread so the training step
 * never waits for them.
 *
 * <p>The stream is a pure function of (dataset, seed): image {@code k} of the stream is
 * {@code perm(k / N)[k mod N]}, where {@code perm(e)} is epoch {@code e}'s permutation drawn from
 * the seed. Starting at image {@code k} therefore continues a run exactly where it stopped.
 */
public final class BatchLoader implements AutoCloseable {

    /**
     * One minibatch: pixels {@code [B, C, H, W]} scaled to [-1, 1], labels (-1 if unlabelled) and
     * the images' indices in the dataset.
     */
    public record Batch(float[] pixels, int[] labels, int[] indices, int size) {}

    private static final int PREFETCH = 3;

    private final Dataset data;
    private final int batchSize;
    private final long seed;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(PREFETCH);
    private final Thread worker;
    private int[] permutation;
    private long permutationEpoch = -1;

    /**
     * @param startImage the stream position to start from (images already consumed)
     */
    public BatchLoader(Dataset data, int batchSize, long seed, long startImage) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.worker = new Thread(() -> produce(startImage), "gen4j-batch-loader");
        worker.setDaemon(true);
        worker.start();
    }

    /** The next minibatch; blocks only if the background thread has fallen behind. */
    public Batch next() {
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for data", e);
        }
        if (item instanceof RuntimeException e) {
            throw e;
        }
        return (Batch) item;
    }

    private void produce(long start) {
        long k = start;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                queue.put(assemble(k));
                k += batchSize;
            }
        } catch (InterruptedException e) {
            // closed
        } catch (RuntimeException e) {
            queue.offer(e);
        }
    }

    /** The batch made of stream images {@code k .. k + B - 1}. */
    Batch assemble(long k) {
        int size = data.imageSize();
        float[] pixels = new float[batchSize * size];
        int[] labels = new int[batchSize];
        int[] indices = new int[batchSize];
        byte[] one = new byte[size];
        for (int b = 0; b < batchSize; b++) {
            int index = imageAt(k + b);
            indices[b] = index;
            data.images().read(index, one, 0);
            for (int j = 0; j < size; j++) {
                pixels[b * size + j] = (one[j] & 0xff) / 127.5f - 1f;
            }
            labels[b] = data.labels() == null ? -1 : data.labels()[index];
        }
        return new Batch(pixels, labels, indices, batchSize);
    }

    /** Dataset index of stream image {@code k}. */
    int imageAt(long k) {
        long epoch = k / data.count();
        if (epoch != permutationEpoch) {
            permutation = permutation(epoch);
            permutationEpoch = epoch;
        }
        return permutation[(int) (k % data.count())];
    }

    private int[] permutation(long epoch) {
        int n = data.count();
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
