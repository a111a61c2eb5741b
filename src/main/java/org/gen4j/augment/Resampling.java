package org.gen4j.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.gen4j.ops.Scalars;

/**
 * Bilinear resampling of a batch at source positions computed on the host: one gather of the four
 * neighbours of every output pixel and a weighted sum. Differentiable in the images to any order
 * (gather's backward is a scatter-add, whose backward is a gather), which R1 through an augmented
 * discriminator needs; libtorch's {@code grid_sample} has no double backward.
 */
final class Resampling {

    private Resampling() {}

    /**
     * {@code out[n, c, i, j] = bilinear(images[n, c], sx[n, i, j], sy[n, i, j])}.
     *
     * @param images {@code [N, C, H, W]}
     * @param sx source column of every output pixel, {@code N * H * W} values in row-major order
     * @param sy source row of every output pixel, likewise
     * @param reflect true: a position outside the image mirrors back into it (the reflect padding
     *     of the official ADA, edge not repeated, extended periodically); false: outside is 0
     * @return {@code [N, C, H, W]}
     */
    static NDArray bilinear(NDArray images, double[] sx, double[] sy, boolean reflect) {
        Shape s = images.getShape();
        int n = (int) s.get(0), c = (int) s.get(1), h = (int) s.get(2), w = (int) s.get(3), hw = h * w;
        long[] index = new long[n * 4 * hw];
        float[] weight = new float[n * 4 * hw];
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < hw; p++) {
                double x = sx[b * hw + p], y = sy[b * hw + p];
                double x0 = Math.floor(x), y0 = Math.floor(y), fx = x - x0, fy = y - y0;
                for (int k = 0; k < 4; k++) {
                    long ix = (long) x0 + (k & 1), iy = (long) y0 + (k >> 1);
                    double wk = ((k & 1) == 1 ? fx : 1 - fx) * ((k >> 1) == 1 ? fy : 1 - fy);
                    int at = (b * 4 + k) * hw + p;
                    if (reflect) {
                        ix = mirror(ix, w);
                        iy = mirror(iy, h);
                    } else if (ix < 0 || ix >= w || iy < 0 || iy >= h) {
                        ix = 0;
                        iy = 0;
                        wk = 0;
                    }
                    index[at] = iy * w + ix;
                    weight[at] = (float) wk;
                }
            }
        }
        NDManager m = images.getManager();
        NDArray idx = owned(m, index, new Shape(n, 1, 4L * hw)).broadcast(new Shape(n, c, 4L * hw));
        NDArray picked = images.reshape(n, c, hw).gather(idx, 2).reshape(n, c, 4, hw);
        NDArray wts = Scalars.fromHost(m, weight, new Shape(n, 1, 4, hw));
        return picked.mul(wts).sum(new int[] {2}).reshape(n, c, h, w);
    }

    /** {@code k} reflected into {@code [0, size)} without repeating the edge (-1 becomes 1), periodically. */
    static long mirror(long k, int size) {
        if (size == 1) {
            return 0;
        }
        long period = 2L * (size - 1);
        long r = Math.floorMod(k, period);
        return r < size ? r : period - r;
    }

    /** Host integers as a tensor that owns its memory (see {@link Scalars#fromHost}). */
    static NDArray owned(NDManager m, long[] data, Shape shape) {
        try (NDArray borrowed = m.create(data, shape)) {
            return borrowed.duplicate();
        }
    }
}
