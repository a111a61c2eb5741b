package org.gen4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.gen4j.Gen4jException;

/**
 * Opens a dataset from what a user types after {@code --data}: a known name
 * ({@code fashion-mnist}, {@code fashion-mnist:test}) or a path to
 * <ul>
 *   <li>a ZIP of images with an optional StyleGAN-style {@code dataset.json};</li>
 *   <li>a folder of IDX files ({@code train-images-idx3-ubyte[.gz]} and its labels; the
 *       {@code t10k-} pair when there is no training pair), or one IDX images file;</li>
 *   <li>CIFAR-10's binary folder ({@code data_batch_1.bin} ...), or one {@code .bin} batch;</li>
 *   <li>a folder of images, optionally one sub-folder per class.</li>
 * </ul>
 */
public final class Datasets {

    /** The names {@link #open} accepts besides paths. */
    public static final List<String> NAMES = List.of("fashion-mnist", "fashion-mnist:test");

    private Datasets() {}

    public static Dataset open(String spec, Consumer<String> notices) {
        try {
            String key = spec.toLowerCase(Locale.ROOT);
            if (key.equals("fashion-mnist") || key.equals("fashion-mnist:train")) {
                return FashionMnist.standard(notices).load(FashionMnist.Split.TRAIN);
            }
            if (key.equals("fashion-mnist:test")) {
                return FashionMnist.standard(notices).load(FashionMnist.Split.TEST);
            }
            Path path = Path.of(spec);
            if (!Files.exists(path)) {
                throw new Gen4jException("--data '" + spec + "' is neither a known dataset (" + String.join(", ", NAMES)
                        + ") nor an existing file or folder.");
            }
            return openPath(path);
        } catch (IOException e) {
            throw new Gen4jException("cannot read dataset '" + spec + "': " + e.getMessage() + ".", e);
        }
    }

    /**
     * One image file as a one-image dataset, read as image folders are (grayscale kept as one
     * channel, transparency composited onto white); a file that is not an image is named.
     */
    public static Dataset image(Path file) {
        Gen4jException.check(Files.isRegularFile(file), "%s is not a file.", file);
        DecodedImages decoded = new DecodedImages();
        try {
            decoded.add(Files.readAllBytes(file), file.toString(), 0);
        } catch (IOException e) {
            throw new Gen4jException("cannot read " + file + ": " + e.getMessage() + ".", e);
        }
        return decoded.build(file.toString(), false, List.of());
    }

    private static Dataset openPath(Path path) throws IOException {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isRegularFile(path)) {
            if (name.endsWith(".zip")) {
                return ZipImages.read(path);
            }
            if (name.endsWith(".bin")) {
                return Cifar10.read(path.toString(), List.of(path), List.of());
            }
            if (name.contains("-ubyte")) {
                Path labels = siblingLabels(path);
                return Idx.read(path.toString(), path, labels, List.of());
            }
            throw new Gen4jException(path + " is not a dataset file gen4j reads (.zip of images, CIFAR-10 .bin, IDX *-ubyte[.gz]).");
        }
        if (EmojiDatasource.isPackage(path)) {
            return EmojiDatasource.read(path);
        }
        if (Cifar10.isCifarDirectory(path)) {
            return Cifar10.readDirectory(path, !Files.isRegularFile(path.resolve("data_batch_1.bin")));
        }
        for (String prefix : List.of("train", "t10k")) {
            Path images = findIdx(path, prefix + "-images-idx3-ubyte");
            if (images != null) {
                Path labels = findIdx(path, prefix + "-labels-idx1-ubyte");
                return Idx.read(path + ":" + prefix, images, labels, List.of());
            }
        }
        return ImageFolder.read(path);
    }

    private static Path findIdx(Path dir, String base) {
        for (String suffix : List.of(".gz", "")) {
            Path p = dir.resolve(base + suffix);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** For {@code x-images-idx3-ubyte[.gz]}, the {@code x-labels-idx1-ubyte[.gz]} next to it, if any. */
    private static Path siblingLabels(Path images) throws IOException {
        String n = images.getFileName().toString();
        int at = n.indexOf("-images-idx3-ubyte");
        if (at < 0) {
            return null;
        }
        Path dir = images.toAbsolutePath().getParent();
        try (Stream<Path> s = Stream.of(dir.resolve(n.substring(0, at) + "-labels-idx1-ubyte.gz"),
                dir.resolve(n.substring(0, at) + "-labels-idx1-ubyte"))) {
            return s.filter(Files::isRegularFile).findFirst().orElse(null);
        }
    }
}
