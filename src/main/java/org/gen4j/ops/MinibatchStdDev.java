package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;

/**
 * Minibatch standard deviation (ProGAN, Karras et al. 2018, section 3): appends one feature map
 * holding the average over features and pixels of the per-feature standard deviation across a
 * group of samples, so the discriminator can see how varied a minibatch is.
 *
 * <p>Groups are strided as in the official code: with {@code M = N / G}, sample {@code n} belongs
 * to group {@code n mod M}, whose members are {@code m, m + M, ..., m + (G-1) M}.
 */
public final class MinibatchStdDev {

    private MinibatchStdDev() {}

    /**
     * @param x {@code [N, C, H, W]}
     * @param groupSize samples per group; the actual group is {@code min(groupSize, N)}, which must
     *     divide {@code N}
     * @param eps added to the variance before the square root (1e-8)
     * @return {@code [N, C + 1, H, W]}: {@code x} followed by the statistic
     */
    public static NDArray apply(NDArray x, int groupSize, double eps) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        long g = Math.min(groupSize, n);
        if (n % g != 0) {
            throw new IllegalArgumentException(
                    "minibatch stddev: batch " + n + " is not divisible by the group size " + g);
        }
        long m = n / g;
        NDArray y = x.reshape(g, m, c, h, w);
        y = y.sub(y.mean(new int[] {0}, true));
        NDArray std = y.square().mean(new int[] {0}).addi(eps).sqrt(); // [M, C, H, W]
        NDArray stat = std.reshape(m, -1).mean(new int[] {1}); // [M]
        NDArray map = stat.reshape(1, m, 1, 1, 1).broadcast(new Shape(g, m, 1, h, w)).reshape(n, 1, h, w);
        return NDArrays.concat(new ai.djl.ndarray.NDList(x, map), 1);
    }
}
