package org.gen4j.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Turns image tensors into PNG files, grids and animated GIFs, written atomically. */
public final class ImageFiles {

    private ImageFiles() {}

    /**
     * Converts {@code [N, C, H, W]} tensors with values in [-1, 1] (clipped) to 8-bit images:
     * grayscale for C = 1, RGB for C = 3.
     */
    public static List<BufferedImage> toImages(NDArray images) {
        Shape s = images.getShape();
        int n = (int) s.get(0), c = (int) s.get(1), h = (int) s.get(2), w = (int) s.get(3);
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("images must have 1 or 3 channels, not " + c);
        }
        float[] v = images.toFloatArray();
        List<BufferedImage> out = new ArrayList<>(n);
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
            int base = i * c * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    if (c == 1) {
                        img.getRaster().setSample(x, y, 0, toByte(v[base + p]));
                    } else {
                        int r = toByte(v[base + p]), g = toByte(v[base + plane + p]), b = toByte(v[base + 2 * plane + p]);
                        img.setRGB(x, y, (r << 16) | (g << 8) | b);
                    }
                }
            }
            out.add(img);
        }
        return out;
    }

    private static int toByte(float value) {
        long q = Math.round((value + 1.0) * 127.5);
        return (int) Math.max(0, Math.min(255, q));
    }

    /** Lays images out row by row, {@code columns} to a row, with {@code gap} pixels between them. */
    public static BufferedImage grid(List<BufferedImage> images, int columns, int gap) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to lay out");
        }
        BufferedImage first = images.get(0);
        int w = first.getWidth(), h = first.getHeight();
        int cols = Math.min(columns, images.size());
        int rows = (images.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cols * w + (cols - 1) * gap, rows * h + (rows - 1) * gap, first.getType());
        for (int i = 0; i < images.size(); i++) {
            out.getRaster().setRect((i % cols) * (w + gap), (i / cols) * (h + gap), images.get(i).getRaster());
        }
        return out;
    }

    /** Columns for a roughly square grid of {@code n} images. */
    public static int squareColumns(int n) {
        return (int) Math.ceil(Math.sqrt(n));
    }

    /** Writes a PNG atomically. */
    public static void writePng(Path file, BufferedImage image) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /** Writes an animated GIF that loops forever, showing each frame for {@code delayMillis}. */
    public static void writeGif(Path file, List<BufferedImage> frames, int delayMillis) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        AtomicFiles.write(file, out -> {
            try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.prepareWriteSequence(null);
                for (BufferedImage frame : frames) {
                    BufferedImage rgb = toRgb(frame);
                    IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(rgb), null);
                    configureFrame(meta, delayMillis);
                    writer.writeToSequence(new IIOImage(rgb, null, meta), null);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
        });
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(image, 0, 0, null);
        return rgb;
    }

    private static void configureFrame(IIOMetadata meta, int delayMillis) throws IOException {
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(Math.max(1, delayMillis / 10)));
        gce.setAttribute("transparentColorIndex", "0");
        IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
        app.setAttribute("applicationID", "NETSCAPE");
        app.setAttribute("authenticationCode", "2.0");
        app.setUserObject(new byte[] {1, 0, 0}); // loop forever
        child(root, "ApplicationExtensions").appendChild(app);
        meta.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
