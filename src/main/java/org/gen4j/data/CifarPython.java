package org.gen4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gen4j.Gen4jException;
import org.gen4j.io.SafePickle;

/**
 * CIFAR-10 and CIFAR-100 in their Python distributions (Krizhevsky 2009;
 * {@code cifar-10-batches-py/}: {@code data_batch_1} to {@code data_batch_5}, {@code test_batch},
 * {@code batches.meta}; {@code cifar-100-python/}: {@code train}, {@code test}, {@code meta}):
 * Python 2 pickles of dicts whose {@code data} is a uint8 numpy array {@code [N, 3072]} (1024 red,
 * 1024 green, 1024 blue values of a 32x32 image, the channel planes gen4j keeps) and whose labels
 * are lists. CIFAR-100 has fine (100) and coarse (20) labels: {@code PATH#coarse} picks the
 * coarse ones, {@code PATH#test} the test split. Only the fields each file has are accepted.
 */
final class CifarPython {

    private static final Set<String> CIFAR10_FIELDS = Set.of("batch_label", "labels", "data", "filenames");
    private static final Set<String> CIFAR100_FIELDS = Set.of("batch_label", "fine_labels", "coarse_labels", "data", "filenames");

    private CifarPython() {}

    /** Whether {@code dir} is an extracted {@code cifar-10-batches-py} or {@code cifar-100-python} folder. */
    static boolean isDirectory(Path dir) {
        return Files.isRegularFile(dir.resolve("data_batch_1")) || Files.isRegularFile(dir.resolve("test_batch"))
                || isCifar100(dir);
    }

    private static boolean isCifar100(Path dir) {
        return Files.isRegularFile(dir.resolve("meta")) && (Files.isRegularFile(dir.resolve("train")) || Files.isRegularFile(dir.resolve("test")));
    }

    static Dataset read(Path dir, SourceOptions options) {
        boolean hundred = isCifar100(dir);
        String what = (hundred ? "CIFAR-100" : "CIFAR-10") + " folder " + dir;
        String split = options.pick(what, Set.of("train", "test"), "train");
        String labelKind = hundred ? options.pick(what, Set.of("fine", "coarse"), "fine") : "labels";
        options.checkOnly(what, hundred ? Set.of("train", "test", "fine", "coarse") : Set.of("train", "test"), List.of());
        List<Path> files = new ArrayList<>();
        if (hundred) {
            files.add(dir.resolve(split));
        } else if (split.equals("test")) {
            files.add(dir.resolve("test_batch"));
        } else {
            for (int i = 1; i <= 5; i++) {
                files.add(dir.resolve("data_batch_" + i));
            }
        }
        for (Path f : files) {
            Gen4jException.check(Files.isRegularFile(f), "%s lacks %s.", what, f.getFileName());
        }
        String labelKey = hundred ? labelKind + "_labels" : "labels";
        int classes = hundred ? (labelKind.equals("fine") ? 100 : 20) : 10;
        List<byte[]> parts = new ArrayList<>();
        List<int[]> labelParts = new ArrayList<>();
        int total = 0;
        for (Path f : files) {
            Map<String, Object> batch = Pickles.dict(SafePickle.read(f), f, hundred ? CIFAR100_FIELDS : CIFAR10_FIELDS);
            SafePickle.NdArray data = Pickles.array(batch, "data", f, "u1");
            long[] shape = data.shape();
            Gen4jException.check(shape.length == 2 && shape[1] == 3072, "%s: data has shape %s; CIFAR images are [N, 3072].", f,
                    java.util.Arrays.toString(shape));
            int n = (int) shape[0];
            int[] labels = Pickles.intList(batch, labelKey, f, n, classes);
            parts.add(data.data());
            labelParts.add(labels);
            total += n;
        }
        byte[] pixels = new byte[total * 3072];
        int[] labels = new int[total];
        int at = 0;
        for (int p = 0; p < parts.size(); p++) {
            int n = labelParts.get(p).length;
            System.arraycopy(parts.get(p), 0, pixels, at * 3072, n * 3072);
            System.arraycopy(labelParts.get(p), 0, labels, at, n);
            at += n;
        }
        return new Dataset(dir + (split.equals("train") ? "" : ":" + split) + (hundred && labelKind.equals("coarse") ? "#coarse" : ""),
                pixels, total, 3, 32, 32, labels, classNames(dir, hundred, labelKind, classes));
    }

    private static List<String> classNames(Path dir, boolean hundred, String kind, int classes) {
        Path meta = dir.resolve(hundred ? "meta" : "batches.meta");
        if (!Files.isRegularFile(meta)) {
            return hundred ? List.of() : Cifar10.DEFAULT_CLASSES;
        }
        Map<String, Object> m = Pickles.dict(SafePickle.read(meta), meta,
                hundred ? Set.of("fine_label_names", "coarse_label_names") : Set.of("label_names", "num_cases_per_batch", "num_vis"));
        List<String> names = Pickles.stringList(m, hundred ? kind + "_label_names" : "label_names", meta);
        Gen4jException.check(names.size() == classes, "%s names %d classes, not %d.", meta, names.size(), classes);
        return names;
    }
}
