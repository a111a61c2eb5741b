package org.gen4j.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.gen4j.Gen4jException;

/**
 * A ZIP of images in StyleGAN's dataset convention: image files anywhere in the archive, and an
 * optional {@code dataset.json} at its root of the form
 * {@code {"labels": [["00000/img00000000.png", 6], ...]}} giving an integer class per image
 * ({@code "labels": null} means unlabelled). Images are read in path order. gen4j also writes,
 * and reads when present, {@code "class_names": [...]} beside the labels.
 */
public final class ZipImages {

    private ZipImages() {}

    public static Dataset read(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            TreeMap<String, ZipEntry> images = new TreeMap<>();
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements();) {
                ZipEntry e = en.nextElement();
                if (!e.isDirectory() && ImageFolder.isImage(e.getName())) {
                    images.put(e.getName(), e);
                }
            }
            Map<String, Integer> labels = readLabels(zip, file, images);
            DecodedImages decoded = new DecodedImages();
            for (Map.Entry<String, ZipEntry> e : images.entrySet()) {
                byte[] bytes;
                try (var in = zip.getInputStream(e.getValue())) {
                    bytes = bounded(in, file + "!" + e.getKey());
                } catch (ZipException ex) {
                    throw new Gen4jException(file + " is corrupt at entry " + e.getKey() + ": " + ex.getMessage() + ".");
                }
                int label = labels == null ? -1 : labels.get(e.getKey());
                decoded.add(bytes, file + "!" + e.getKey(), label);
            }
            List<String> classNames = new ArrayList<>();
            if (labels != null) {
                classNames.addAll(readClassNames(zip));
                int max = labels.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
                for (int i = classNames.size(); i <= max; i++) {
                    classNames.add(Integer.toString(i));
                }
            }
            return decoded.build(file.toString(), labels != null, classNames);
        } catch (ZipException e) {
            throw new Gen4jException(file + " is not a readable ZIP file: " + e.getMessage() + ".");
        }
    }

    /**
     * Writes {@code data} as such a ZIP, atomically: one PNG per image,
     * {@code 00000/img00000000.png} and so on in folders of 1000, and {@code dataset.json} with the
     * labels and class names (or {@code "labels": null}).
     */
    public static void write(Dataset data, Path file) throws IOException {
        org.gen4j.io.AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            JsonArray labels = new JsonArray();
            for (int i = 0; i < data.count(); i++) {
                String name = String.format("%05d/img%08d.png", i / 1000, i);
                zip.putNextEntry(new ZipEntry(name));
                ImageIO.write(image(data, i), "png", zip);
                zip.closeEntry();
                if (data.labelled()) {
                    JsonArray pair = new JsonArray();
                    pair.add(name);
                    pair.add(data.labels()[i]);
                    labels.add(pair);
                }
            }
            JsonObject meta = new JsonObject();
            meta.add("labels", data.labelled() ? labels : JsonNull.INSTANCE);
            if (data.labelled()) {
                JsonArray names = new JsonArray();
                data.classNames().forEach(names::add);
                meta.add("class_names", names);
            }
            zip.putNextEntry(new ZipEntry("dataset.json"));
            zip.write(meta.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.finish();
        });
    }

    /** Image {@code i} of {@code data} as a grayscale or RGB picture. */
    private static BufferedImage image(Dataset data, int i) {
        int w = data.width(), h = data.height(), plane = w * h, base = 0;
        byte[] px = data.image(i);
        BufferedImage img = new BufferedImage(w, h, data.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = base + y * w + x;
                if (data.channels() == 1) {
                    img.getRaster().setSample(x, y, 0, px[p] & 0xff);
                } else {
                    img.setRGB(x, y, (px[p] & 0xff) << 16 | (px[p + plane] & 0xff) << 8 | (px[p + 2 * plane] & 0xff));
                }
            }
        }
        return img;
    }

    private static List<String> readClassNames(ZipFile zip) throws IOException {
        ZipEntry meta = zip.getEntry("dataset.json");
        List<String> out = new ArrayList<>();
        try (var in = zip.getInputStream(meta)) {
            JsonElement names = JsonParser.parseString(new String(bounded(in, zip.getName() + "!dataset.json"), StandardCharsets.UTF_8))
                    .getAsJsonObject().get("class_names");
            if (names != null && names.isJsonArray()) {
                names.getAsJsonArray().forEach(n -> out.add(n.getAsString()));
            }
        }
        return out;
    }

    /** Labels are below this (2^20 classes). */
    static final int MAX_CLASSES = 1 << 20;

    /** The most an entry may expand to (64 MB): a ZIP bomb is refused after reading that much, whatever its sizes claim. */
    static final int MAX_ENTRY = 64 << 20;

    private static byte[] bounded(java.io.InputStream in, String what) throws IOException {
        byte[] b = in.readNBytes(MAX_ENTRY + 1);
        Gen4jException.check(b.length <= MAX_ENTRY, "%s expands to more than %d MB, more than any image or label file gen4j reads.", what,
                MAX_ENTRY >> 20);
        return b;
    }

    private static Map<String, Integer> readLabels(ZipFile zip, Path file, Map<String, ZipEntry> images) throws IOException {
        ZipEntry meta = zip.getEntry("dataset.json");
        if (meta == null) {
            return null;
        }
        JsonElement labels;
        try (var in = zip.getInputStream(meta)) {
            JsonObject root = JsonParser.parseString(new String(bounded(in, file + "!dataset.json"), StandardCharsets.UTF_8)).getAsJsonObject();
            labels = root.get("labels");
        } catch (RuntimeException e) {
            throw new Gen4jException(file + "!dataset.json is not a JSON object with a \"labels\" field.");
        }
        if (labels == null || labels.isJsonNull()) {
            return null;
        }
        Map<String, Integer> out = new HashMap<>();
        try {
            for (JsonElement item : labels.getAsJsonArray()) {
                JsonArray pair = item.getAsJsonArray();
                String name = pair.get(0).getAsString();
                java.math.BigInteger big = pair.get(1).getAsBigInteger();
                Gen4jException.check(images.containsKey(name), "%s!dataset.json names %s, which is not in the archive.", file, name);
                Gen4jException.check(big.signum() >= 0, "%s!dataset.json gives %s the negative label %s.", file, name, big);
                Gen4jException.check(big.compareTo(java.math.BigInteger.valueOf(MAX_CLASSES)) < 0,
                        "%s!dataset.json gives %s the label %s, beyond the %d classes gen4j handles.", file, name, big, MAX_CLASSES);
                out.put(name, big.intValue());
            }
        } catch (IllegalStateException | UnsupportedOperationException | IndexOutOfBoundsException | NumberFormatException e) {
            throw new Gen4jException(file + "!dataset.json: \"labels\" must be a list of [file name, integer class] pairs.");
        }
        for (String name : images.keySet()) {
            Gen4jException.check(out.containsKey(name), "%s!dataset.json gives no label for %s.", file, name);
        }
        return out;
    }
}
