package org.gen4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    public static Dataset read(Path dir) throws IOException {
        List<Path> files = sorted(dir, Files::isRegularFile);
        List<Path> images = files.stream().filter(p -> isImage(p.getFileName().toString())).toList();
        List<Path> classDirs = sorted(dir, Files::isDirectory);
        DecodedImages decoded = new DecodedImages();
        if (!images.isEmpty()) {
            for (Path p : images) {
                decoded.add(Files.readAllBytes(p), p.toString(), -1);
            }
            return decoded.build(dir.toString(), false, List.of());
        }
        List<String> classes = new ArrayList<>();
        for (Path c : classDirs) {
            List<Path> members = sorted(c, p -> Files.isRegularFile(p) && isImage(p.getFileName().toString()));
            if (members.isEmpty()) {
                continue;
            }
            int label = classes.size();
            classes.add(c.getFileName().toString());
            for (Path p : members) {
                decoded.add(Files.readAllBytes(p), p.toString(), label);
            }
        }
        Gen4jException.check(decoded.size() > 0,
                "%s holds no images (.png, .jpg, .jpeg, .bmp, .gif), neither directly nor in class sub-folders.", dir);
        return decoded.build(dir.toString(), true, classes);
    }

    private static List<Path> sorted(Path dir, java.util.function.Predicate<Path> filter) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(filter).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }
}
