package org.gen4j.data;

import org.gen4j.Gen4jException;

/**
 * Brings a dataset to a model's square resolution R, the same way for every dataset:
 * <ul>
 *   <li>non-square images are centre-cropped to a square;</li>
 *   <li>a side equal to R is kept as it is;</li>
 *   <li>a side of at least 3/4 R but below it is centre-padded with black (value 0): this turns
 *       28x28 (Fashion-)MNIST into 32x32 with 2 pixels on each side, as is customary;</li>
 *   <li>a smaller side is upsampled bilinearly;</li>
 *   <li>a larger side is downsampled by area averaging (a box filter, exact for integer
 *       factors), which does not alias.</li>
 * </ul>
 */
public final class Resize {

    private Resize() {}

    /** The dataset at {@code resolution x resolution}, or {@code data} itself when it already is. */
    public static Dataset fit(Dataset data, int resolution) {
        Gen4jException.check(resolution >= 1, "resolution must be positive, got %d.", resolution);
        Dataset d = data.width() == data.height() ? data : centreCrop(data);
        int side = d.width();
        if (side == resolution) {
            return d;
        }
        int c = d.channels();
        byte[] out = new byte[d.count() * c * resolution * resolution];
        int in = side * side, on = resolution * resolution;
        for (int i = 0; i < d.count(); i++) {
            for (int ch = 0; ch < c; ch++) {
                int src = (i * c + ch) * in, dst = (i * c + ch) * on;
                if (side < resolution && 4 * side >= 3 * resolution) {
                    pad(d.pixels(), src, side, out, dst, resolution);
                } else if (side < resolution) {
                    bilinear(d.pixels(), src, side, out, dst, resolution);
                } else {
                    area(d.pixels(), src, side, out, dst, resolution);
                }
            }
        }
        return new Dataset(d.name(), out, d.count(), c, resolution, resolution, d.labels(), d.classNames());
    }

    private static Dataset centreCrop(Dataset d) {
        int s = Math.min(d.width(), d.height());
        int x0 = (d.width() - s) / 2, y0 = (d.height() - s) / 2;
        int c = d.channels();
        byte[] out = new byte[d.count() * c * s * s];
        for (int i = 0; i < d.count(); i++) {
            for (int ch = 0; ch < c; ch++) {
                int src = (i * c + ch) * d.width() * d.height(), dst = (i * c + ch) * s * s;
                for (int y = 0; y < s; y++) {
                    System.arraycopy(d.pixels(), src + (y + y0) * d.width() + x0, out, dst + y * s, s);
                }
            }
        }
        return new Dataset(d.name(), out, d.count(), c, s, s, d.labels(), d.classNames());
    }

    private static void pad(byte[] in, int src, int side, byte[] out, int dst, int r) {
        int off = (r - side) / 2;
        for (int y = 0; y < side; y++) {
            System.arraycopy(in, src + y * side, out, dst + (y + off) * r + off, side);
        }
    }

    private static void bilinear(byte[] in, int src, int side, byte[] out, int dst, int r) {
        double scale = (double) side / r;
        for (int y = 0; y < r; y++) {
            double sy = Math.max(0, Math.min(side - 1, (y + 0.5) * scale - 0.5));
            int y0 = (int) sy, y1 = Math.min(side - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < r; x++) {
                double sx = Math.max(0, Math.min(side - 1, (x + 0.5) * scale - 0.5));
                int x0 = (int) sx, x1 = Math.min(side - 1, x0 + 1);
                double fx = sx - x0;
                double top = px(in, src, side, x0, y0) * (1 - fx) + px(in, src, side, x1, y0) * fx;
                double bottom = px(in, src, side, x0, y1) * (1 - fx) + px(in, src, side, x1, y1) * fx;
                out[dst + y * r + x] = (byte) Math.round(top * (1 - fy) + bottom * fy);
            }
        }
    }

    /** Each output pixel is the mean of the input area it covers, partial pixels weighted by overlap. */
    private static void area(byte[] in, int src, int side, byte[] out, int dst, int r) {
        double scale = (double) side / r;
        for (int y = 0; y < r; y++) {
            double ya = y * scale, yb = (y + 1) * scale;
            for (int x = 0; x < r; x++) {
                double xa = x * scale, xb = (x + 1) * scale;
                double sum = 0;
                for (int sy = (int) ya; sy < Math.ceil(yb); sy++) {
                    double wy = Math.min(yb, sy + 1) - Math.max(ya, sy);
                    for (int sx = (int) xa; sx < Math.ceil(xb); sx++) {
                        double wx = Math.min(xb, sx + 1) - Math.max(xa, sx);
                        sum += wy * wx * px(in, src, side, sx, sy);
                    }
                }
                out[dst + y * r + x] = (byte) Math.round(sum / (scale * scale));
            }
        }
    }

    private static int px(byte[] in, int src, int side, int x, int y) {
        return in[src + y * side + x] & 0xff;
    }
}
