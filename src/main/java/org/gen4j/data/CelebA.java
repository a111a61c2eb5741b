package org.gen4j.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.gen4j.Gen4jException;

/**
 * CelebA as distributed (Liu, Luo, Wang and Tang 2015): the aligned 178x218 JPEGs of
 * {@code img_align_celeba/}, the split of {@code list_eval_partition.txt} (0 train, 1 validation,
 * 2 test) and the 40 binary attributes of {@code list_attr_celeba.txt}; both the flat layout and
 * the Google Drive one ({@code Img/}, {@code Anno/}, {@code Eval/}) are found. Images get the
 * 64x64 preprocessing of the GAN literature (the DCGAN code and its followers): the central
 * 108x108 crop, then an area-averaging resize to 64x64. Options: {@code train} (default),
 * {@code val}, {@code test} or {@code all}, and an attribute name ({@code PATH#Male}) that becomes
 * two classes, {@code not Male} (-1 in the file) and {@code Male} (1). The decoded split is cached
 * ({@link RawCache}), so only the first open decodes JPEGs.
 */
final class CelebA {

    static final int CROP = 108, SIDE = 64;
    private static final Set<String> SPLITS = Set.of("train", "val", "test", "all");

    private CelebA() {}

    static boolean isDirectory(Path dir) {
        return images(dir) != null && find(dir, "list_eval_partition.txt") != null;
    }

    private static Path images(Path dir) {
        for (Path p : List.of(dir.resolve("img_align_celeba"), dir.resolve("Img").resolve("img_align_celeba"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    private static Path find(Path dir, String name) {
        for (Path p : List.of(dir.resolve(name), dir.resolve("Eval").resolve(name), dir.resolve("Anno").resolve(name))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    static Dataset read(Path dir, SourceOptions options, Consumer<String> notices) throws IOException {
        String what = "CelebA folder " + dir;
        String split = options.pick(what, SPLITS, "train");
        List<String> free = options.values().stream().filter(v -> !SPLITS.contains(v)).toList();
        Gen4jException.check(free.size() <= 1, "%s takes one attribute, got %s.", what, String.join(" and ", free));
        Path imageDir = images(dir), partition = find(dir, "list_eval_partition.txt");
        List<String> files = new ArrayList<>();
        int wanted = switch (split) {
            case "train" -> 0;
            case "val" -> 1;
            case "test" -> 2;
            default -> -1;
        };
        int lineNo = 0;
        for (String line : Files.readAllLines(partition, StandardCharsets.US_ASCII)) {
            lineNo++;
            String[] p = line.strip().split("\\s+");
            if (p.length == 1 && p[0].isEmpty()) {
                continue;
            }
            Gen4jException.check(p.length == 2 && p[1].matches("[012]"), "%s line %d is not 'FILE.jpg 0|1|2': '%s'.", partition, lineNo,
                    line.strip());
            if (wanted < 0 || Integer.parseInt(p[1]) == wanted) {
                files.add(p[0]);
            }
        }
        Gen4jException.check(!files.isEmpty(), "%s lists no images for the %s split.", partition, split);
        List<Path> sources = List.of(partition, imageDir);
        String name = dir + (split.equals("train") ? "" : ":" + split);
        Dataset d = RawCache.open(name, RawCache.key("celeba crop108 area64 " + split, sources), List.of(), sink -> {
            sink.shape(3, SIDE, SIDE);
            int chunk = 512, size = 3 * SIDE * SIDE;
            for (int from = 0; from < files.size(); from += chunk) {
                int n = Math.min(chunk, files.size() - from), base = from;
                byte[] out = new byte[n * size];
                try {
                    IntStream.range(0, n).parallel().forEach(i -> decode(imageDir.resolve(files.get(base + i)), out, i * size));
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
                sink.add(out, 0, n, null);
                if ((from / chunk) % 40 == 39) {
                    notices.accept(String.format("  %d of %d images", from + n, files.size()));
                }
            }
        }, notices);
        if (free.isEmpty()) {
            return d;
        }
        String attribute = free.get(0);
        int[] labels = attributeLabels(dir, files, attribute);
        return new Dataset(name + "#" + attribute, d.images(), d.count(), 3, SIDE, SIDE, labels, List.of("not " + attribute, attribute));
    }

    /** One aligned CelebA JPEG, centre-cropped to 108x108 and area-resized to 64x64, into {@code out} at {@code offset}. */
    static void decode(Path file, byte[] out, int offset) {
        BufferedImage img;
        try {
            img = DecodedImages.read(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot read " + file + ": " + e.getMessage(), e));
        }
        int w = img.getWidth(), h = img.getHeight();
        if (w < CROP || h < CROP) {
            throw new UncheckedIOException(new IOException(file + " is " + w + "x" + h + ", smaller than the 108x108 crop"));
        }
        int x0 = (w - CROP) / 2, y0 = (h - CROP) / 2, plane = CROP * CROP;
        byte[] crop = new byte[3 * plane];
        for (int y = 0; y < CROP; y++) {
            for (int x = 0; x < CROP; x++) {
                int rgb = img.getRGB(x0 + x, y0 + y);
                crop[y * CROP + x] = (byte) (rgb >> 16);
                crop[plane + y * CROP + x] = (byte) (rgb >> 8);
                crop[2 * plane + y * CROP + x] = (byte) rgb;
            }
        }
        Resize.fitImage(crop, 3, CROP, CROP, SIDE, out, offset);
    }

    private static int[] attributeLabels(Path dir, List<String> files, String attribute) throws IOException {
        Path attrs = find(dir, "list_attr_celeba.txt");
        Gen4jException.check(attrs != null, "CelebA folder %s lacks list_attr_celeba.txt, which the attribute %s needs.", dir, attribute);
        List<String> lines = Files.readAllLines(attrs, StandardCharsets.US_ASCII);
        Gen4jException.check(lines.size() >= 2, "%s is too short to be CelebA's attribute list.", attrs);
        List<String> names = Arrays.asList(lines.get(1).strip().split("\\s+"));
        int column = names.indexOf(attribute);
        Gen4jException.check(column >= 0, "CelebA has no attribute '%s'; its attributes are %s.", attribute, String.join(", ", names));
        java.util.Map<String, Integer> byFile = new java.util.HashMap<>();
        for (int i = 2; i < lines.size(); i++) {
            String[] p = lines.get(i).strip().split("\\s+");
            if (p.length < 2) {
                continue;
            }
            Gen4jException.check(p.length == names.size() + 1, "%s line %d has %d values, not %d.", attrs, i + 1, p.length - 1, names.size());
            String v = p[column + 1];
            Gen4jException.check(v.equals("1") || v.equals("-1"), "%s line %d: attribute %s is '%s', not 1 or -1.", attrs, i + 1, attribute, v);
            byFile.put(p[0], v.equals("1") ? 1 : 0);
        }
        int[] labels = new int[files.size()];
        for (int i = 0; i < labels.length; i++) {
            Integer l = byFile.get(files.get(i));
            Gen4jException.check(l != null, "%s has no attributes for %s.", attrs, files.get(i));
            labels[i] = l;
        }
        return labels;
    }
}
