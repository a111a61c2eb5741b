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

    /** Outputs above this many bytes are resized image by image as they are read rather than all at once. */
    static final long EAGER_LIMIT = 256L << 20;

    /**
     * The dataset at {@code resolution x resolution}, or {@code data} itself when it already is. A
     * dataset held in memory whose result is small is resized at once; others are resized as their
     * images are read.
     */
    public static Dataset fit(Dataset data, int resolution) {
        Gen4jException.check(resolution >= 1, "resolution must be positive, got %d.", resolution);
        if (data.width() == resolution && data.height() == resolution) {
            return data;
        }
        int c = data.channels(), out = c * resolution * resolution;
        ImageStore resized = (index, dst, offset) -> fitImage(data.image(index), c, data.width(), data.height(), resolution, dst, offset);
        long bytes = (long) data.count() * out;
        if (data.images().array() == null || bytes > EAGER_LIMIT) {
            return new Dataset(data.name(), resized, data.count(), c, resolution, resolution, data.labels(), data.classNames());
        }
        byte[] pixels = new byte[(int) bytes];
        for (int i = 0; i < data.count(); i++) {
            resized.read(i, pixels, i * out);
        }
        return new Dataset(data.name(), pixels, data.count(), c, resolution, resolution, data.labels(), data.classNames());
    }

    /** One {@code [C, H, W]} image centre-cropped to a square and brought to {@code r x r} into {@code out} from {@code dst}. */
    static void fitImage(byte[] image, int c, int w, int h, int r, byte[] out, int dst) {
        int side = Math.min(w, h);
        byte[] square = image;
        if (w != h) {
            int x0 = (w - side) / 2, y0 = (h - side) / 2;
            square = new byte[c * side * side];
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < side; y++) {
                    System.arraycopy(image, ch * w * h + (y + y0) * w + x0, square, (ch * side + y) * side, side);
                }
            }
        }
        for (int ch = 0; ch < c; ch++) {
            int src = ch * side * side, to = dst + ch * r * r;
            if (side == r) {
                System.arraycopy(square, src, out, to, r * r);
            } else if (side < r && 4 * side >= 3 * r) {
                java.util.Arrays.fill(out, to, to + r * r, (byte) 0);
                pad(square, src, side, out, to, r);
            } else if (side < r) {
                bilinear(square, src, side, out, to, r);
            } else {
                area(square, src, side, out, to, r);
            }
        }
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
