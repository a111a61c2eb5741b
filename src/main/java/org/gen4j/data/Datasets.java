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
 * ({@code fashion-mnist}, {@code fashion-mnist:test}, or a published one fetched into {@code data/}
 * by {@code gen4j data fetch}: {@code cifar10}, {@code cifar100#coarse}, {@code stl10}, ...) or a path to
 * <ul>
 *   <li>a ZIP of images with an optional StyleGAN-style {@code dataset.json};</li>
 *   <li>a folder of IDX files ({@code train-images-idx3-ubyte[.gz]} and its labels; the
 *       {@code t10k-} pair when there is no training pair), or one IDX images file;</li>
 *   <li>CIFAR-10's binary folder ({@code data_batch_1.bin} ...), or one {@code .bin} batch;</li>
 *   <li>CIFAR-10's and CIFAR-100's Python folders, STL-10's binary folder, downsampled ImageNet's
 *       folders (pickles or {@code .npz}) and CelebA's folder, with options after {@code #}
 *       ({@code cifar-100-python#coarse}, {@code stl10_binary#train}, {@code celeba#Male});</li>
 *   <li>a folder of images, optionally one sub-folder per class.</li>
 * </ul>
 */
public final class Datasets {

    /** Where {@code gen4j data fetch} puts the published datasets, which {@link #open} then finds by name. */
    public static final String DATA_DIR = "data";

    /** The names {@link #open} accepts besides paths (and the published ones of {@link Published}, once fetched). */
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
            String base = key.contains("#") ? key.substring(0, key.indexOf('#')) : key;
            for (Published p : Published.values()) {
                if (base.equals(p.cliName())) {
                    Path folder = p.folder(Path.of(DATA_DIR));
                    Gen4jException.check(Files.isDirectory(folder), "%s is not in %s/; ./gen4j data fetch %s gets it (or says which files to put where).",
                            p.cliName(), DATA_DIR, p.cliName());
                    spec = folder + spec.substring(base.length());
                }
            }
            Path path = Path.of(spec);
            SourceOptions options = SourceOptions.NONE;
            int hash = spec.lastIndexOf('#');
            if (!Files.exists(path) && hash > 0 && Files.exists(Path.of(spec.substring(0, hash)))) {
                path = Path.of(spec.substring(0, hash));
                options = SourceOptions.parse(spec.substring(hash + 1));
            }
            if (!Files.exists(path)) {
                throw new Gen4jException("--data '" + spec + "' is neither a known dataset (" + String.join(", ", NAMES)
                        + ") nor an existing file or folder.");
            }
            return openPath(path, options, notices);
        } catch (IOException e) {
            throw new Gen4jException("cannot read dataset '" + spec + "': " + e.getMessage() + ".", e);
        }
    }

    /**
     * As {@link #open}, for {@code data info}: formats that can say their count, shape and labels
     * without decoding the pixels (downsampled ImageNet's pickles) do so, and the result's images
     * may not be readable.
     */
    public static Dataset inspect(String spec, Consumer<String> notices) {
        int hash = spec.lastIndexOf('#');
        Path path = Path.of(hash > 0 && !Files.exists(Path.of(spec)) ? spec.substring(0, hash) : spec);
        if (Files.isDirectory(path) && DownsampledImageNet.isDirectory(path)) {
            try {
                return DownsampledImageNet.inspect(path, hash > 0 && !path.toString().equals(spec) ? SourceOptions.parse(spec.substring(hash + 1))
                        : SourceOptions.NONE, notices);
            } catch (IOException e) {
                throw new Gen4jException("cannot read dataset '" + spec + "': " + e.getMessage() + ".", e);
            }
        }
        return open(spec, notices);
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

    private static Dataset openPath(Path path, SourceOptions options, Consumer<String> notices) throws IOException {
        if (Files.isDirectory(path)) {
            if (CifarPython.isDirectory(path)) {
                return CifarPython.read(path, options);
            }
            if (Stl10.isDirectory(path)) {
                return Stl10.read(path, options);
            }
            if (DownsampledImageNet.isDirectory(path)) {
                return DownsampledImageNet.read(path, options, notices);
            }
            if (CelebA.isDirectory(path)) {
                return CelebA.read(path, options, notices);
            }
        }
        if (Files.isDirectory(path) && !EmojiDatasource.isPackage(path) && !Cifar10.isCifarDirectory(path)
                && findIdx(path, "train-images-idx3-ubyte") == null && findIdx(path, "t10k-images-idx3-ubyte") == null) {
            return ImageFolder.read(path, options, notices);
        }
        options.checkOnly(path.toString(), java.util.Set.of(), List.of());
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
