package org.gen4j.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gen4j.Gen4jException;

/**
 * CIFAR-10's binary version (Krizhevsky 2009): records of one label byte followed by 1024 red,
 * 1024 green and 1024 blue bytes of a 32x32 image. A directory means {@code data_batch_1.bin}
 * to {@code data_batch_5.bin} (train split) or {@code test_batch.bin} (test split); class names
 * come from {@code batches.meta.txt} when present.
 */
public final class Cifar10 {

    private static final int RECORD = 1 + 3 * 32 * 32;
    static final List<String> DEFAULT_CLASSES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private Cifar10() {}

    /** Whether {@code dir} looks like the extracted {@code cifar-10-batches-bin} folder. */
    public static boolean isCifarDirectory(Path dir) {
        return Files.isRegularFile(dir.resolve("data_batch_1.bin")) || Files.isRegularFile(dir.resolve("test_batch.bin"));
    }

    public static Dataset readDirectory(Path dir, boolean test) throws IOException {
        List<Path> files = new ArrayList<>();
        if (test) {
            files.add(dir.resolve("test_batch.bin"));
        } else {
            for (int i = 1; i <= 5; i++) {
                files.add(dir.resolve("data_batch_" + i + ".bin"));
            }
        }
        for (Path f : files) {
            Gen4jException.check(Files.isRegularFile(f), "CIFAR-10 folder %s lacks %s.", dir, f.getFileName());
        }
        return read(dir.toString(), files, classNames(dir));
    }

    public static Dataset read(String name, List<Path> files, List<String> classNames) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        long total = 0;
        for (Path f : files) {
            byte[] b = Files.readAllBytes(f);
            Gen4jException.check(b.length > 0 && b.length % RECORD == 0,
                    "%s is not CIFAR-10 binary: its size %d is not a multiple of the %d-byte record.", f, b.length, RECORD);
            parts.add(b);
            total += b.length / RECORD;
        }
        int n = Math.toIntExact(total);
        byte[] pixels = new byte[n * (RECORD - 1)];
        int[] labels = new int[n];
        int i = 0;
        for (int p = 0; p < parts.size(); p++) {
            byte[] b = parts.get(p);
            for (int off = 0; off < b.length; off += RECORD, i++) {
                labels[i] = b[off] & 0xff;
                Gen4jException.check(labels[i] < 10, "%s record %d has label %d; CIFAR-10 labels are 0 to 9.",
                        files.get(p), off / RECORD, labels[i]);
                System.arraycopy(b, off + 1, pixels, i * (RECORD - 1), RECORD - 1);
            }
        }
        return new Dataset(name, pixels, n, 3, 32, 32, labels, classNames);
    }

    private static List<String> classNames(Path dir) throws IOException {
        Path meta = dir.resolve("batches.meta.txt");
        if (!Files.isRegularFile(meta)) {
            return DEFAULT_CLASSES;
        }
        List<String> names = Files.readAllLines(meta, StandardCharsets.US_ASCII).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return names.size() == 10 ? names : DEFAULT_CLASSES;
    }
}
