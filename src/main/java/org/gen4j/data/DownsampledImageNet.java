package org.gen4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.gen4j.Gen4jException;
import org.gen4j.io.Npy;
import org.gen4j.io.SafePickle;

/**
 * Downsampled ImageNet (Chrabaszcz, Loshchilov and Hutter 2017; the 32x32 and 64x64 releases) as
 * published: a folder of {@code train_data_batch_1} to {@code train_data_batch_10} (or
 * {@code val_data}), each a Python pickle or a numpy {@code .npz} of {@code data} (uint8
 * {@code [N, 3 R R]}, channel planes in row-major order), {@code labels} (1 to 1000) and
 * {@code mean}. Nothing is loaded whole: stored {@code .npz} arrays are memory-mapped where they
 * lie, so opening the 1.28 million 64x64 images reads only headers and labels; pickles and
 * compressed {@code .npz} files are decoded once, batch by batch, into gen4j's cache
 * ({@link RawCache}) and mapped from there. Labels become 0 to 999; class names are the synset
 * ids of {@code map_clsloc.txt} when it lies beside the folder, else the numbers 1 to 1000.
 */
final class DownsampledImageNet {

    private static final int CLASSES = 1000;
    private static final Set<String> FIELDS = Set.of("data", "labels", "mean");
    private static final Set<String> ENTRIES = Set.of("data.npy", "labels.npy", "mean.npy");

    private DownsampledImageNet() {}

    static boolean isDirectory(Path dir) {
        return !files(dir).isEmpty();
    }

    /** The batch files: {@code train_data_batch_1..} in order, else {@code val_data}, each with or without {@code .npz}. */
    private static List<Path> files(Path dir) {
        List<Path> out = new ArrayList<>();
        for (int i = 1; ; i++) {
            Path f = either(dir, "train_data_batch_" + i);
            if (f == null) {
                break;
            }
            out.add(f);
        }
        if (out.isEmpty()) {
            Path v = either(dir, "val_data");
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    private static Path either(Path dir, String base) {
        for (String name : List.of(base + ".npz", base)) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        return null;
    }

    static Dataset read(Path dir, SourceOptions options, Consumer<String> notices) throws IOException {
        options.checkOnly("downsampled ImageNet folder " + dir, Set.of(), List.of());
        List<Path> files = files(dir);
        List<String> names = classNames(dir);
        boolean npz = files.stream().allMatch(f -> f.getFileName().toString().endsWith(".npz"));
        if (npz) {
            Dataset mapped = mapStored(dir, files, names);
            if (mapped != null) {
                return mapped;
            }
        }
        return RawCache.open(dir.toString(), RawCache.key(RECIPE, files), names, sink -> {
            int r = -1;
            for (Path f : files) {
                notices.accept("  " + f.getFileName());
                Batch b = f.getFileName().toString().endsWith(".npz") ? npzBatch(f) : pickleBatch(f);
                Gen4jException.check(r < 0 || b.side == r, "%s holds %dx%d images but %s holds %dx%d.", f, b.side, b.side, files.get(0), r, r);
                if (r < 0) {
                    r = b.side;
                    sink.shape(3, r, r);
                }
                sink.add(b.pixels, 0, b.labels.length, b.labels);
            }
        }, notices);
    }

    /**
     * The folder's count, shape and labels without decoding its pixels (what {@code data info}
     * needs): mapped or cached folders open as usual, the others are read for their structure
     * only, seeking past the pixels, so even the full 64x64 training set answers in seconds. The
     * result's images cannot be read.
     */
    static Dataset inspect(Path dir, SourceOptions options, Consumer<String> notices) throws IOException {
        options.checkOnly("downsampled ImageNet folder " + dir, Set.of(), List.of());
        List<Path> files = files(dir);
        boolean npz = files.stream().allMatch(f -> f.getFileName().toString().endsWith(".npz"));
        boolean stored = npz && files.stream().allMatch(DownsampledImageNet::storedData);
        if (stored || RawCache.cached(RawCache.key(RECIPE, files))) {
            return read(dir, options, notices);
        }
        List<int[]> parts = new ArrayList<>();
        int side = -1;
        for (Path f : files) {
            int r;
            int[] labels;
            if (f.getFileName().toString().endsWith(".npz")) {
                try (ZipFile z = new ZipFile(f.toFile()); InputStream in = z.getInputStream(NpyZip.entry(z, f, "data.npy"))) {
                    checkEntries(z, f);
                    Npy.Header h = NpyZip.header(in, f + ":data.npy");
                    checkData(h, f);
                    r = side(h.shape(), f);
                    labels = labels(z, f, (int) h.shape()[0]);
                }
            } else {
                Map<String, Object> d = Pickles.dict(SafePickle.readStructure(f), f, FIELDS);
                SafePickle.NdArray data = Pickles.array(d, "data", f, "u1");
                r = side(data.shape(), f);
                labels = Pickles.labels(d.get("labels"), "labels", f, (int) data.shape()[0], CLASSES, 1);
            }
            Gen4jException.check(side < 0 || r == side, "%s holds %dx%d images but %s holds %dx%d.", f, r, r, files.get(0), side, side);
            side = r;
            parts.add(labels);
        }
        int[] labels = parts.stream().flatMapToInt(java.util.Arrays::stream).toArray();
        ImageStore none = (index, dst, offset) -> {
            throw new Gen4jException(dir + " was inspected, not decoded; open it to read images.");
        };
        return new Dataset(dir.toString(), none, labels.length, 3, side, side, labels, classNames(dir));
    }

    private static boolean storedData(Path f) {
        try (ZipFile z = new ZipFile(f.toFile())) {
            ZipEntry e = z.getEntry("data.npy");
            return e != null && e.getMethod() == ZipEntry.STORED;
        } catch (IOException e) {
            return false;
        }
    }

    private static final String RECIPE = "downsampled-imagenet v1";

    private record Batch(byte[] pixels, int[] labels, int side) {}

    private static int side(long[] shape, Path f) {
        Gen4jException.check(shape.length == 2, "%s: data has %d dimensions; downsampled ImageNet's are [N, 3 R R].", f, shape.length);
        int r = (int) Math.round(Math.sqrt(shape[1] / 3.0));
        Gen4jException.check(3L * r * r == shape[1], "%s: rows of %d values are not 3 R R images.", f, shape[1]);
        return r;
    }

    private static Batch pickleBatch(Path f) {
        Map<String, Object> d = Pickles.dict(SafePickle.read(f), f, FIELDS);
        SafePickle.NdArray data = Pickles.array(d, "data", f, "u1");
        int r = side(data.shape(), f);
        int n = (int) data.shape()[0];
        return new Batch(data.data(), Pickles.labels(d.get("labels"), "labels", f, n, CLASSES, 1), r);
    }

    private static Batch npzBatch(Path f) throws IOException {
        try (ZipFile z = new ZipFile(f.toFile())) {
            checkEntries(z, f);
            Npy.Header h;
            byte[] pixels;
            try (InputStream in = z.getInputStream(NpyZip.entry(z, f, "data.npy"))) {
                h = NpyZip.header(in, f + ":data.npy");
                checkData(h, f);
                pixels = in.readNBytes(Math.toIntExact(h.size()));
                Gen4jException.check(pixels.length == h.size(), "%s: data.npy is truncated.", f);
            }
            int r = side(h.shape(), f);
            return new Batch(pixels, labels(z, f, (int) h.shape()[0]), r);
        }
    }

    /** The dataset mapped straight from stored {@code .npz} arrays, or {@code null} when any is compressed. */
    private static Dataset mapStored(Path dir, List<Path> files, List<String> names) throws IOException {
        List<MappedImages.Region> regions = new ArrayList<>();
        List<int[]> labelParts = new ArrayList<>();
        int side = -1;
        long total = 0;
        for (Path f : files) {
            try (ZipFile z = new ZipFile(f.toFile())) {
                checkEntries(z, f);
                ZipEntry e = NpyZip.entry(z, f, "data.npy");
                if (e.getMethod() != ZipEntry.STORED) {
                    return null;
                }
                Npy.Header h;
                try (InputStream in = z.getInputStream(e)) {
                    h = NpyZip.header(in, f + ":data.npy");
                }
                checkData(h, f);
                int r = side(h.shape(), f);
                Gen4jException.check(side < 0 || r == side, "%s holds %dx%d images but %s holds %dx%d.", f, r, r, files.get(0), side, side);
                side = r;
                int n = (int) h.shape()[0];
                Gen4jException.check(e.getSize() == h.dataOffset() + h.size(), "%s: data.npy has %d bytes, its header says %d.", f, e.getSize(),
                        h.dataOffset() + h.size());
                regions.add(new MappedImages.Region(f, NpyZip.dataStart(f, e) + h.dataOffset(), n));
                labelParts.add(labels(z, f, n));
                total += n;
            }
        }
        Gen4jException.check(total <= Integer.MAX_VALUE, "%s has %d images, more than gen4j indexes.", dir, total);
        int[] labels = new int[(int) total];
        int at = 0;
        for (int[] p : labelParts) {
            System.arraycopy(p, 0, labels, at, p.length);
            at += p.length;
        }
        return new Dataset(dir.toString(), new MappedImages(regions, 3 * side * side), (int) total, 3, side, side, labels, names);
    }

    private static void checkEntries(ZipFile z, Path f) {
        z.stream().forEach(e -> Gen4jException.check(ENTRIES.contains(e.getName()), "%s has an unexpected array '%s' (expected %s).", f,
                e.getName(), "data.npy, labels.npy, mean.npy"));
    }

    private static void checkData(Npy.Header h, Path f) {
        Gen4jException.check(h.descr().equals("|u1"), "%s: data.npy has numpy type %s, not uint8 (|u1).", f, h.descr());
        Gen4jException.check(!h.fortran(), "%s: data.npy is in Fortran order.", f);
    }

    private static int[] labels(ZipFile z, Path f, int n) throws IOException {
        try (InputStream in = z.getInputStream(NpyZip.entry(z, f, "labels.npy"))) {
            Npy.Header h = NpyZip.header(in, f + ":labels.npy");
            String t = h.descr();
            Gen4jException.check(t.matches("[<|][iu][1248]"), "%s: labels.npy has numpy type %s, not little-endian integers.", f, t);
            int w = Integer.parseInt(t.substring(2));
            byte[] raw = in.readNBytes(Math.toIntExact(h.size() * w));
            Gen4jException.check(raw.length == h.size() * w, "%s: labels.npy is truncated.", f);
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            List<Integer> list = new ArrayList<>((int) h.size());
            for (int i = 0; i < h.size(); i++) {
                list.add((int) switch (w) {
                    case 1 -> b.get(i) & 0xff;
                    case 2 -> b.getShort(2 * i);
                    case 4 -> b.getInt(4 * i);
                    default -> b.getLong(8 * i);
                });
            }
            return Pickles.labels(list, "labels", f, n, CLASSES, 1);
        }
    }

    private static List<String> classNames(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        for (Path map : parent == null ? List.of(dir.resolve("map_clsloc.txt")) : List.of(dir.resolve("map_clsloc.txt"),
                parent.resolve("map_clsloc.txt"))) {
            if (Files.isRegularFile(map)) {
                String[] names = new String[CLASSES];
                for (String line : Files.readAllLines(map, StandardCharsets.UTF_8)) {
                    String[] p = line.strip().split("\\s+");
                    if (p.length >= 2) {
                        int k = Integer.parseInt(p[1]);
                        Gen4jException.check(k >= 1 && k <= CLASSES, "%s numbers a class %d; classes are 1 to 1000.", map, k);
                        names[k - 1] = p[0];
                    }
                }
                for (int i = 0; i < CLASSES; i++) {
                    Gen4jException.check(names[i] != null, "%s lacks class %d.", map, i + 1);
                }
                return List.of(names);
            }
        }
        List<String> numbers = new ArrayList<>(CLASSES);
        for (int i = 1; i <= CLASSES; i++) {
            numbers.add(Integer.toString(i));
        }
        return numbers;
    }
}
