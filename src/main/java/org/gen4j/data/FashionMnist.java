package org.gen4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.gen4j.Gen4jException;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 28x28 grayscale images of Zalando articles in 10
 * classes, 60,000 for training and 10,000 for testing, in IDX files.
 *
 * <p>Where it comes from, first match wins:
 * <ol>
 *   <li>a folder holding the four {@code *-ubyte.gz} files: {@code $GEN4J_DATA/fashion-mnist},
 *       then gen4j's cache {@code ~/.cache/gen4j/datasets/fashion-mnist} (or under
 *       {@code $GEN4J_CACHE}), then Debian's package {@code dataset-fashion-mnist} at
 *       {@code /usr/share/datasets/fashion-mnist};</li>
 *   <li>a download from the dataset's official address into the cache, accepted only when the
 *       SHA-256 of every file's decompressed content matches the published data;</li>
 *   <li>the 10,000-image test split bundled inside gen4j (also used for the training split when
 *       nothing else is reachable, with a notice).</li>
 * </ol>
 */
public final class FashionMnist {

    /** Class names by label. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The official download location. */
    public static final String OFFICIAL_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    private static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    private static final String BUNDLE = "/org/gen4j/data/fashion-mnist/";

    /** SHA-256 of the decompressed files (gzip bytes differ between mirrors; content must not). */
    static final Map<String, String> CONTENT_SHA256 = Map.of(
            "train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    /** The two splits and their file prefixes. */
    public enum Split {
        TRAIN("train"),
        TEST("t10k");

        final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }

        String images() {
            return prefix + "-images-idx3-ubyte";
        }

        String labels() {
            return prefix + "-labels-idx1-ubyte";
        }
    }

    private final List<Path> searchDirs;
    private final Path cacheDir;
    private final String baseUrl;
    private final Consumer<String> notices;

    /**
     * @param searchDirs folders to look in, in order
     * @param cacheDir where downloads go (also searched first)
     * @param baseUrl download base address ending in '/', or {@code null} for no download
     * @param notices receives one-line messages about where the data came from
     */
    public FashionMnist(List<Path> searchDirs, Path cacheDir, String baseUrl, Consumer<String> notices) {
        this.searchDirs = List.copyOf(searchDirs);
        this.cacheDir = cacheDir;
        this.baseUrl = baseUrl;
        this.notices = notices;
    }

    /** The standard locations: {@code $GEN4J_DATA}, the user cache, Debian's package, the official URL. */
    public static FashionMnist standard(Consumer<String> notices) {
        List<Path> dirs = new ArrayList<>();
        String data = System.getenv("GEN4J_DATA");
        if (data != null && !data.isBlank()) {
            dirs.add(Path.of(data, "fashion-mnist"));
        }
        Path cache = CacheDir.get().resolve("datasets").resolve("fashion-mnist");
        dirs.add(cache);
        dirs.add(DEBIAN_DIR);
        return new FashionMnist(dirs, cache, OFFICIAL_URL, notices);
    }

    public Dataset load(Split split) throws IOException {
        String name = "fashion-mnist:" + split.name().toLowerCase();
        for (Path dir : searchDirs) {
            Path images = dir.resolve(split.images() + ".gz"), labels = dir.resolve(split.labels() + ".gz");
            if (Files.isRegularFile(images) && Files.isRegularFile(labels)) {
                return Idx.read(name, images, labels, CLASSES);
            }
        }
        if (baseUrl != null) {
            try {
                download(split);
                return Idx.read(name, cacheDir.resolve(split.images() + ".gz"), cacheDir.resolve(split.labels() + ".gz"), CLASSES);
            } catch (IOException e) {
                notices.accept("Fashion-MNIST could not be downloaded from " + baseUrl + " (" + Gen4jException.describe(e) + ").");
            }
        }
        if (split == Split.TRAIN) {
            notices.accept("Fashion-MNIST's training split was not found (install the Debian package dataset-fashion-mnist"
                    + " or put the files in " + cacheDir + "); using the 10,000 test images bundled with gen4j instead.");
        }
        return bundledTest(name);
    }

    private static Dataset bundledTest(String name) throws IOException {
        InputStream images = FashionMnist.class.getResourceAsStream(BUNDLE + Split.TEST.images() + ".gz");
        InputStream labels = FashionMnist.class.getResourceAsStream(BUNDLE + Split.TEST.labels() + ".gz");
        if (images == null || labels == null) {
            throw new IllegalStateException("the bundled Fashion-MNIST test split is missing from gen4j's jar");
        }
        try (InputStream i = new GZIPInputStream(images, 1 << 16)) {
            return Idx.read(name + " (bundled test split)", i, "bundled " + Split.TEST.images(),
                    new GZIPInputStream(labels), "bundled " + Split.TEST.labels(), CLASSES);
        }
    }

    private void download(Split split) throws IOException {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        Files.createDirectories(cacheDir);
        for (String file : List.of(split.images(), split.labels())) {
            Path target = cacheDir.resolve(file + ".gz");
            if (Files.isRegularFile(target)) {
                continue;
            }
            notices.accept("downloading " + baseUrl + file + ".gz to " + cacheDir);
            Path tmp = Files.createTempFile(cacheDir, "." + file, ".part");
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + file + ".gz"))
                        .timeout(Duration.ofMinutes(10)).build();
                HttpResponse<Path> response;
                try {
                    response = client.send(request, HttpResponse.BodyHandlers.ofFile(tmp));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode() + " for " + file + ".gz");
                }
                String actual = contentSha256(tmp);
                if (!actual.equals(CONTENT_SHA256.get(file))) {
                    throw new IOException(file + ".gz failed checksum verification (SHA-256 of its content is "
                            + actual + ", expected " + CONTENT_SHA256.get(file) + ")");
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** SHA-256 of a gzip file's decompressed content. */
    static String contentSha256(Path gz) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(new GZIPInputStream(Files.newInputStream(gz), 1 << 16), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new IOException("the download is not a complete gzip file");
        }
        return HexFormat.of().formatHex(digest.digest());
    }

}
