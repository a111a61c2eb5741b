package org.gen4j.data;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.gen4j.Gen4jException;

/**
 * Decoded images kept on disk for formats that are slow to decode or too large to hold (Python
 * pickles, JPEG folders, compressed archives): the first open decodes the source once into
 * {@code <cache>/datasets/<key>/} (raw {@code [N, C, H, W]} bytes, int32 labels, a JSON summary),
 * written into a temporary folder and renamed into place, so an interrupted conversion leaves
 * nothing a later open trusts; later opens map the bytes ({@link MappedImages}) and start at once.
 * The key hashes the source files' paths, sizes and modification times with the preprocessing.
 */
final class RawCache {

    /** Receives the decoded images in order. */
    interface Sink {
        /** Sets the images' shape; called once, before the first {@link #add}. */
        void shape(int channels, int height, int width);

        /** Appends {@code n} images from {@code pixels} and their labels ({@code null} when unlabelled). */
        void add(byte[] pixels, int offset, int n, int[] labels) throws IOException;
    }

    /** Decodes the source into a sink. */
    interface Producer {
        void produce(Sink sink) throws IOException;
    }

    private RawCache() {}

    /** The cache key of {@code sources} decoded by {@code recipe}. */
    static String key(String recipe, List<Path> sources) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(recipe.getBytes(StandardCharsets.UTF_8));
            for (Path p : sources) {
                md.update((p.toAbsolutePath().normalize() + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code key} is decoded already. */
    static boolean cached(String key) {
        return Files.isRegularFile(CacheDir.get().resolve("datasets").resolve(key).resolve("info.json"));
    }

    /**
     * The dataset cached under {@code key}, decoded by {@code producer} first if it is not cached
     * yet; {@code notices} hears when a conversion starts and ends.
     */
    static Dataset open(String name, String key, List<String> classNames, Producer producer, Consumer<String> notices) throws IOException {
        Path root = CacheDir.get().resolve("datasets"), dir = root.resolve(key);
        if (!Files.isRegularFile(dir.resolve("info.json"))) {
            Files.createDirectories(root);
            Path tmp = Files.createTempDirectory(root, "." + key + "-");
            try {
                notices.accept("decoding " + name + " once into " + dir + " (later opens map it)");
                long start = System.nanoTime();
                long[] count = {0};
                int[] dims = new int[3];
                boolean[] labelled = {false};
                try (OutputStream px = new BufferedOutputStream(Files.newOutputStream(tmp.resolve("pixels.u8")), 1 << 20);
                        DataOutputStream lb = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp.resolve("labels.i32")),
                                1 << 16))) {
                    producer.produce(new Sink() {
                        @Override
                        public void shape(int channels, int height, int width) {
                            dims[0] = channels;
                            dims[1] = height;
                            dims[2] = width;
                        }

                        @Override
                        public void add(byte[] pixels, int offset, int n, int[] labels) throws IOException {
                            Gen4jException.check(dims[0] > 0, "internal: the shape was not set before the first images.");
                            px.write(pixels, offset, n * dims[0] * dims[1] * dims[2]);
                            if (labels != null) {
                                labelled[0] = true;
                                for (int i = 0; i < n; i++) {
                                    lb.writeInt(labels[i]);
                                }
                            }
                            count[0] += n;
                        }
                    });
                }
                JsonObject info = new JsonObject();
                info.addProperty("name", name);
                info.addProperty("count", count[0]);
                info.addProperty("channels", dims[0]);
                info.addProperty("height", dims[1]);
                info.addProperty("width", dims[2]);
                info.addProperty("labelled", labelled[0]);
                Files.writeString(tmp.resolve("info.json"), info.toString());
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, dir);
                }
                notices.accept(String.format("decoded %d images in %.1f s", count[0], (System.nanoTime() - start) / 1e9));
            } finally {
                if (Files.exists(tmp)) {
                    try (Stream<Path> s = Files.walk(tmp)) {
                        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            }
        }
        JsonObject info = JsonParser.parseString(Files.readString(dir.resolve("info.json"))).getAsJsonObject();
        long count = info.get("count").getAsLong();
        Gen4jException.check(count <= Integer.MAX_VALUE, "%s has %d images, more than gen4j indexes.", name, count);
        int channels = info.get("channels").getAsInt(), height = info.get("height").getAsInt(), width = info.get("width").getAsInt();
        int size = channels * height * width;
        MappedImages images = new MappedImages(List.of(new MappedImages.Region(dir.resolve("pixels.u8"), 0, count)), size);
        int[] labels = null;
        if (info.get("labelled").getAsBoolean()) {
            byte[] raw = Files.readAllBytes(dir.resolve("labels.i32"));
            Gen4jException.check(raw.length == count * 4, "the cache %s is damaged (labels); delete it to decode again.", dir);
            labels = new int[(int) count];
            ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).asIntBuffer().get(labels);
        }
        return new Dataset(name, images, (int) count, channels, height, width, labels, labels == null ? List.of() : classNames);
    }
}
