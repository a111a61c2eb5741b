package org.gen4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.gen4j.Gen4jException;

/**
 * A folder of images (PNG, JPEG, BMP, GIF). Images directly inside it are unlabelled; a folder of
 * sub-folders gives one class per sub-folder (sorted by name), as torchvision's ImageFolder does.
 * Files are read in name order, so the dataset is the same on every machine.
 */
public final class ImageFolder {

    private ImageFolder() {}

    static boolean isImage(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp") || n.endsWith(".gif");
    }

    /** Decoded folders larger than this are decoded into the cache ({@link RawCache}) rather than held in memory. */
    static final long MEMORY_LIMIT = 1L << 30;

    public static Dataset read(Path dir) throws IOException {
        return read(dir, SourceOptions.NONE, s -> {});
    }

    /**
     * The folder's images; the option {@code PATH#R} (a number) centre-crops and resizes each to
     * R x R as it is decoded (CelebA-HQ at 1024x1024 becomes {@code #256}). A folder whose
     * decoded images would pass 1 GB, or one given a size, is decoded once into the cache as RGB
     * and mapped from there.
     */
    static Dataset read(Path dir, SourceOptions options, Consumer<String> notices) throws IOException {
        List<String> sizes = options.values().stream().filter(v -> v.matches("[0-9]+")).toList();
        options.checkOnly("image folder " + dir, Set.of(), sizes);
        Gen4jException.check(sizes.size() <= 1, "image folder %s takes one size, got %s.", dir, String.join(" and ", sizes));
        List<Path> images = sorted(dir, p -> Files.isRegularFile(p) && isImage(p.getFileName().toString()));
        List<Path> members = new ArrayList<>(images);
        List<Integer> labels = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        if (images.isEmpty()) {
            for (Path c : sorted(dir, Files::isDirectory)) {
                List<Path> in = sorted(c, p -> Files.isRegularFile(p) && isImage(p.getFileName().toString()));
                if (!in.isEmpty()) {
                    for (Path p : in) {
                        members.add(p);
                        labels.add(classes.size());
                    }
                    classes.add(c.getFileName().toString());
                }
            }
        }
        Gen4jException.check(!members.isEmpty(),
                "%s holds no images (.png, .jpg, .jpeg, .bmp, .gif), neither directly nor in class sub-folders.", dir);
        boolean labelled = images.isEmpty();
        DecodedImages.Rgb first = DecodedImages.decode(Files.readAllBytes(members.get(0)), members.get(0).toString());
        int side = sizes.isEmpty() ? 0 : Integer.parseInt(sizes.get(0));
        Gen4jException.check(sizes.isEmpty() || side >= 1, "image folder %s: the size must be positive.", dir);
        long bytes = 3L * members.size() * (side > 0 ? (long) side * side : (long) first.width() * first.height());
        if (side == 0 && bytes <= MEMORY_LIMIT) {
            DecodedImages decoded = new DecodedImages();
            for (int i = 0; i < members.size(); i++) {
                decoded.add(Files.readAllBytes(members.get(i)), members.get(i).toString(), labelled ? labels.get(i) : -1);
            }
            return decoded.build(dir.toString(), labelled, classes);
        }
        int w = side > 0 ? side : first.width(), h = side > 0 ? side : first.height();
        notices.accept(String.format("%s: %d images, %d MB decoded", dir, members.size(), bytes >> 20));
        Dataset d = RawCache.open(dir + (side > 0 ? "#" + side : ""), RawCache.key("folder rgb " + side, members), classes, sink -> {
            sink.shape(3, h, w);
            int chunk = 256, size = 3 * w * h;
            for (int from = 0; from < members.size(); from += chunk) {
                int n = Math.min(chunk, members.size() - from), base = from;
                byte[] out = new byte[n * size];
                IntStream.range(0, n).parallel().forEach(i -> decodeInto(members.get(base + i), side, first, out, i * size));
                sink.add(out, 0, n, labelled ? labels.subList(from, from + n).stream().mapToInt(Integer::intValue).toArray() : null);
            }
        }, notices);
        return d;
    }

    private static void decodeInto(Path file, int side, DecodedImages.Rgb first, byte[] out, int offset) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Gen4jException("cannot read " + file + ": " + e.getMessage() + ".", e);
        }
        DecodedImages.Rgb img = DecodedImages.decode(bytes, file.toString());
        if (side > 0) {
            Resize.fitImage(img.pixels(), 3, img.width(), img.height(), side, out, offset);
            return;
        }
        Gen4jException.check(img.width() == first.width() && img.height() == first.height(),
                "images must all have one size: %s is %dx%d but the first is %dx%d.", file, img.width(), img.height(), first.width(),
                first.height());
        System.arraycopy(img.pixels(), 0, out, offset, img.pixels().length);
    }

    private static List<Path> sorted(Path dir, java.util.function.Predicate<Path> filter) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(filter).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }
}
