package org.gen4j.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.gen4j.Gen4jException;

/**
 * STL-10's binary distribution (Coates, Ng and Lee 2011; {@code stl10_binary/}): {@code train_X.bin},
 * {@code test_X.bin} and {@code unlabeled_X.bin} hold 96x96 RGB images, 27,648 bytes each, one
 * channel after another and each channel in column-major order (x outer, y inner);
 * {@code train_y.bin} and {@code test_y.bin} one label byte 1 to 10 per image;
 * {@code class_names.txt} the names. The GAN papers train on the 100,000 unlabelled images, the
 * default here; {@code PATH#train} and {@code PATH#test} are the labelled splits. The files are
 * memory-mapped and each image transposed as it is read, so nothing is loaded whole.
 */
final class Stl10 {

    static final int SIDE = 96, SIZE = 3 * SIDE * SIDE;

    private Stl10() {}

    static boolean isDirectory(Path dir) {
        return Files.isRegularFile(dir.resolve("unlabeled_X.bin")) || Files.isRegularFile(dir.resolve("train_X.bin"));
    }

    static Dataset read(Path dir, SourceOptions options) throws IOException {
        String what = "STL-10 folder " + dir;
        String split = options.pick(what, Set.of("unlabeled", "train", "test"), "unlabeled");
        options.checkOnly(what, Set.of("unlabeled", "train", "test"), List.of());
        Path images = dir.resolve(split + "_X.bin");
        Gen4jException.check(Files.isRegularFile(images), "%s lacks %s.", what, images.getFileName());
        long bytes = Files.size(images);
        Gen4jException.check(bytes > 0 && bytes % SIZE == 0, "%s is not STL-10 images: its size %d is not a multiple of the %d-byte image.",
                images, bytes, SIZE);
        int n = Math.toIntExact(bytes / SIZE);
        int[] labels = null;
        List<String> names = List.of();
        if (!split.equals("unlabeled")) {
            Path y = dir.resolve(split + "_y.bin");
            Gen4jException.check(Files.isRegularFile(y), "%s lacks %s.", what, y.getFileName());
            byte[] raw = Files.readAllBytes(y);
            Gen4jException.check(raw.length == n, "%s has %d labels for the %d images of %s.", y, raw.length, n, images.getFileName());
            labels = new int[n];
            for (int i = 0; i < n; i++) {
                int l = raw[i] & 0xff;
                Gen4jException.check(l >= 1 && l <= 10, "%s: label %d of image %d is outside 1 to 10.", y, l, i);
                labels[i] = l - 1;
            }
            names = classNames(dir);
        }
        MappedImages raw = new MappedImages(List.of(new MappedImages.Region(images, 0, n)), SIZE);
        ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[SIZE]);
        ImageStore store = (index, dst, offset) -> {
            byte[] col = scratch.get();
            raw.read(index, col, 0);
            transpose(col, dst, offset);
        };
        return new Dataset(dir + ":" + split, store, n, 3, SIDE, SIDE, labels, names);
    }

    /** One image from STL-10's column-major channels to row-major. */
    static void transpose(byte[] columnMajor, byte[] dst, int offset) {
        int plane = SIDE * SIDE;
        for (int c = 0; c < 3; c++) {
            for (int x = 0; x < SIDE; x++) {
                for (int y = 0; y < SIDE; y++) {
                    dst[offset + c * plane + y * SIDE + x] = columnMajor[c * plane + x * SIDE + y];
                }
            }
        }
    }

    private static List<String> classNames(Path dir) throws IOException {
        Path f = dir.resolve("class_names.txt");
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        List<String> names = Files.readAllLines(f, StandardCharsets.UTF_8).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        Gen4jException.check(names.size() == 10, "%s names %d classes; STL-10 has 10.", f, names.size());
        return names;
    }
}
