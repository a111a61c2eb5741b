package org.gen4j.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.gen4j.Gen4jException;

/**
 * Collects decoded images of one size into a {@link Dataset}. Grayscale stays one channel unless
 * any image has colour, in which case all become RGB. Transparent pixels are composited onto
 * {@link #BACKGROUND} (white), the way emoji and icons are usually shown.
 */
final class DecodedImages {

    /** Background gray level for alpha compositing. */
    static final int BACKGROUND = 255;

    private final List<byte[]> rgb = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();
    private boolean anyColour;
    private int width = -1;
    private int height = -1;
    private String firstName;

    /** One decoded image: {@code [3, H, W]} bytes, alpha composited onto white, and whether any pixel has colour. */
    record Rgb(byte[] pixels, int width, int height, boolean colour) {}

    /** Decodes {@code bytes}; {@code source} names the file in errors. */
    void add(byte[] bytes, String source, int label) {
        Rgb img = decode(bytes, source);
        if (width < 0) {
            width = img.width();
            height = img.height();
            firstName = source;
        } else if (img.width() != width || img.height() != height) {
            throw new Gen4jException(String.format(
                    "images must all have one size: %s is %dx%d but %s is %dx%d.",
                    firstName, width, height, source, img.width(), img.height()));
        }
        anyColour |= img.colour();
        rgb.add(img.pixels());
        labels.add(label);
    }

    /** Decodes one PNG, JPEG, BMP or GIF file's bytes to RGB planes; {@code source} names it in errors. */
    static Rgb decode(byte[] bytes, String source) {
        BufferedImage img = read(bytes, source);
        int width = img.getWidth(), height = img.getHeight();
        boolean alpha = img.getColorModel().hasAlpha();
        // grayscale files are read from the raster: getRGB would convert their linear gray to sRGB
        boolean gray = img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        Raster raster = img.getRaster();
        byte[] px = new byte[3 * width * height];
        int plane = width * height;
        boolean colour = false;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r, g, b;
                if (gray) {
                    int a = alpha ? to8(img, raster.getSample(x, y, 1), 1) : 255;
                    r = g = b = blend(to8(img, raster.getSample(x, y, 0), 0), a);
                } else {
                    int argb = img.getRGB(x, y);
                    int a = alpha ? (argb >>> 24) : 255;
                    r = blend((argb >> 16) & 0xff, a);
                    g = blend((argb >> 8) & 0xff, a);
                    b = blend(argb & 0xff, a);
                }
                int p = y * width + x;
                px[p] = (byte) r;
                px[plane + p] = (byte) g;
                px[2 * plane + p] = (byte) b;
                colour |= r != g || g != b;
            }
        }
        return new Rgb(px, width, height, colour);
    }

    /** The most pixels an image may have (16384 x 16384): a header claiming more is refused before anything is allocated. */
    static final long MAX_PIXELS = 1L << 28;

    /** Decodes an image after checking the size its header claims against {@link #MAX_PIXELS}. */
    static BufferedImage read(byte[] bytes, String source) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers != null && readers.hasNext()) {
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, true);
                    long w = reader.getWidth(0), h = reader.getHeight(0);
                    Gen4jException.check(w * h <= MAX_PIXELS, "%s claims %dx%d pixels, more than the %d million gen4j decodes.", source, w, h,
                            MAX_PIXELS >> 20);
                    BufferedImage img = reader.read(0);
                    if (img != null) {
                        return img;
                    }
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Gen4jException g) {
                throw g;
            }
        }
        throw new Gen4jException(source + " is not a readable image (PNG, JPEG, BMP or GIF).");
    }

    /** A raster sample of {@code band} scaled to 8 bits (16-bit PNGs have 16). */
    private static int to8(BufferedImage img, int sample, int band) {
        int bits = img.getColorModel().getComponentSize(band);
        return bits == 8 ? sample : (int) Math.round(sample * 255.0 / ((1 << bits) - 1));
    }

    private static int blend(int c, int a) {
        return (c * a + BACKGROUND * (255 - a) + 127) / 255;
    }

    int size() {
        return rgb.size();
    }

    /** The dataset; {@code labelled} decides whether labels are kept. */
    Dataset build(String name, boolean labelled, List<String> classNames) {
        Gen4jException.check(!rgb.isEmpty(), "%s contains no images.", name);
        int c = anyColour ? 3 : 1;
        int plane = width * height;
        byte[] pixels = new byte[rgb.size() * c * plane];
        for (int i = 0; i < rgb.size(); i++) {
            System.arraycopy(rgb.get(i), 0, pixels, i * c * plane, c * plane);
        }
        int[] l = labelled ? labels.stream().mapToInt(Integer::intValue).toArray() : null;
        return new Dataset(name, pixels, rgb.size(), c, height, width, l, labelled ? classNames : List.of());
    }
}
