package org.gen4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.gen4j.Gen4jException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Miniatures of CIFAR's Python folders, STL-10, downsampled ImageNet and CelebA in their publishers' exact layouts. */
class PublishedFormatsTest {

    @TempDir
    static Path tmp;

    private static String previousCache;

    @BeforeAll
    static void cache() {
        previousCache = System.getProperty("gen4j.cache");
        System.setProperty("gen4j.cache", tmp.resolve("cache").toString());
    }

    @AfterAll
    static void restore() {
        if (previousCache == null) {
            System.clearProperty("gen4j.cache");
        } else {
            System.setProperty("gen4j.cache", previousCache);
        }
    }

    /** Pixel j of image i in every miniature. */
    static int value(int i, int j) {
        return (i * 37 + j * 11) & 0xff;
    }

    static byte[] images(int first, int n, int size) {
        byte[] b = new byte[n * size];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < size; j++) {
                b[i * size + j] = (byte) value(first + i, j);
            }
        }
        return b;
    }

    static Dataset open(Path p, String options) {
        return Datasets.open(p + options, s -> {});
    }

    static void assertImages(Dataset d, int first) {
        for (int i = 0; i < d.count(); i++) {
            byte[] img = d.image(i);
            for (int j = 0; j < img.length; j += 97) {
                assertThat(img[j] & 0xff).as("image %d byte %d", i, j).isEqualTo(value(first + i, j));
            }
        }
    }

    static Path cifar10(Path dir, Map<String, Object> extra) throws IOException {
        Files.createDirectories(dir);
        for (int b = 1; b <= 6; b++) {
            Map<String, Object> batch = new LinkedHashMap<>();
            batch.put("batch_label", "training batch " + b + " of 5");
            batch.put("labels", new int[] {b % 10, (b + 3) % 10});
            batch.put("data", images(2 * (b - 1), 2, 3072));
            batch.put("filenames", List.of("a.png", "b.png"));
            batch.putAll(extra);
            Files.write(dir.resolve(b == 6 ? "test_batch" : "data_batch_" + b), PyFiles.pickle(true, batch, Map.of("data", new long[] {2, 3072})));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("num_cases_per_batch", new int[] {});
        meta.put("label_names", List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"));
        meta.put("num_vis", new int[] {});
        Files.write(dir.resolve("batches.meta"), PyFiles.pickle(true, meta, Map.of()));
        return dir;
    }

    @Test
    void cifar10sPythonBatchesGiveTheirChannelPlanesLabelsAndNames() throws IOException {
        Path dir = cifar10(tmp.resolve("cifar-10-batches-py"), Map.of());
        Dataset train = open(dir, "");
        assertThat(train.count()).isEqualTo(10);
        assertThat(train.channels()).isEqualTo(3);
        assertImages(train, 0);
        assertThat(train.labels()).containsExactly(1, 4, 2, 5, 3, 6, 4, 7, 5, 8);
        assertThat(train.classNames()).startsWith("airplane", "automobile").hasSize(10);
        Dataset test = open(dir, "#test");
        assertThat(test.count()).isEqualTo(2);
        assertImages(test, 10);
        assertThatThrownBy(() -> open(dir, "#coarse")).hasMessageContaining("does not take the option 'coarse'; it takes test, train");
    }

    @Test
    void cifar100sFineAndCoarseLabels() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cifar-100-python"));
        for (String split : List.of("train", "test")) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("filenames", List.of("x.png", "y.png", "z.png"));
            d.put("batch_label", split);
            d.put("fine_labels", new int[] {99, 0, 42});
            d.put("coarse_labels", new int[] {19, 0, 7});
            d.put("data", images(split.equals("train") ? 0 : 3, 3, 3072));
            Files.write(dir.resolve(split), PyFiles.pickle(true, d, Map.of("data", new long[] {3, 3072})));
        }
        List<String> fine = new ArrayList<>(), coarse = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fine.add("fine" + i);
        }
        for (int i = 0; i < 20; i++) {
            coarse.add("coarse" + i);
        }
        Files.write(dir.resolve("meta"), PyFiles.pickle(true, new LinkedHashMap<>(Map.of("fine_label_names", fine, "coarse_label_names", coarse)),
                Map.of()));
        Dataset f = open(dir, "");
        assertThat(f.labels()).containsExactly(99, 0, 42);
        assertThat(f.classNames()).hasSize(100).contains("fine42");
        assertImages(f, 0);
        Dataset c = open(dir, "#coarse,test");
        assertThat(c.labels()).containsExactly(19, 0, 7);
        assertThat(c.numClasses()).isEqualTo(20);
        assertImages(c, 3);
        assertThatThrownBy(() -> open(dir, "#fine,coarse")).hasMessageContaining("takes one coarse or fine, got fine and coarse");
    }

    @Test
    void picklesWithUnexpectedFieldsForeignGlobalsOrBadLabelsAreRefused() throws IOException {
        Path extra = cifar10(tmp.resolve("extra/cifar-10-batches-py"), Map.of("evil", "x"));
        assertThatThrownBy(() -> open(extra, "")).isInstanceOf(Gen4jException.class)
                .hasMessageContaining("has an unexpected field 'evil'");
        Path evil = cifar10(tmp.resolve("evil/cifar-10-batches-py"), Map.of());
        Files.write(evil.resolve("data_batch_2"), PyFiles.evilPickle());
        assertThatThrownBy(() -> open(evil, "")).hasMessageContaining("data_batch_2 is not a pickle gen4j reads")
                .hasMessageContaining("it refers to os.system, which is not a numpy array");
        Path label = cifar10(tmp.resolve("label/cifar-10-batches-py"), Map.of("labels", new int[] {3, 10}));
        assertThatThrownBy(() -> open(label, "")).hasMessageContaining("label 10 of image 1 is outside 0 to 9");
        Path truncated = cifar10(tmp.resolve("trunc/cifar-10-batches-py"), Map.of());
        byte[] whole = Files.readAllBytes(truncated.resolve("data_batch_3"));
        Files.write(truncated.resolve("data_batch_3"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> open(truncated, "")).isInstanceOf(Gen4jException.class)
                .hasMessageEndingWith("data_batch_3 is truncated: expected more bytes in input stream.");
        Path typed = cifar10(tmp.resolve("typed/cifar-10-batches-py"), Map.of("data", new int[] {1, 2}));
        assertThatThrownBy(() -> open(typed, "")).hasMessageEndingWith("data_batch_1: 'data' is a list, not a numpy array.");
    }

    @Test
    void stl10sColumnMajorImagesAreTransposedAndLabelsStartAtOne() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("stl10_binary"));
        int size = Stl10.SIZE, side = Stl10.SIDE, plane = side * side;
        // the row-major images the test expects, written column-major as STL-10 stores them
        byte[] rowMajor = images(0, 3, size), columnMajor = new byte[rowMajor.length];
        for (int i = 0; i < 3; i++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        columnMajor[i * size + c * plane + x * side + y] = rowMajor[i * size + c * plane + y * side + x];
                    }
                }
            }
        }
        Files.write(dir.resolve("train_X.bin"), columnMajor);
        Files.write(dir.resolve("train_y.bin"), new byte[] {1, 10, 4});
        Files.write(dir.resolve("unlabeled_X.bin"), java.util.Arrays.copyOf(columnMajor, 2 * size));
        Files.writeString(dir.resolve("class_names.txt"), "airplane\nbird\ncar\ncat\ndeer\ndog\nhorse\nmonkey\nship\ntruck\n");
        Dataset u = open(dir, "");
        assertThat(u.count()).isEqualTo(2);
        assertThat(u.labelled()).isFalse();
        assertImages(u, 0);
        // column-major: stored byte x * 96 + y of a channel is pixel (x, y)
        assertThat(u.image(0)[5 * side + 2] & 0xff).isEqualTo(columnMajor[2 * side + 5] & 0xff);
        Dataset t = open(dir, "#train");
        assertThat(t.labels()).containsExactly(0, 9, 3);
        assertThat(t.classNames()).startsWith("airplane", "bird");
        assertImages(t, 0);
        Files.write(dir.resolve("train_y.bin"), new byte[] {1, 11, 4});
        assertThatThrownBy(() -> open(dir, "#train")).hasMessageContaining("label 11 of image 1 is outside 1 to 10");
        Files.write(dir.resolve("unlabeled_X.bin"), java.util.Arrays.copyOf(columnMajor, size + 5));
        assertThatThrownBy(() -> open(dir, "")).hasMessageContaining("is not a multiple of the 27648-byte image");
    }

    static Map<String, Object> imagenetBatch(int first, int n, int side, int[] labels) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("data", images(first, n, 3 * side * side));
        d.put("labels", labels);
        d.put("mean", new double[] {0.5, 0.5});
        return d;
    }

    @Test
    void downsampledImageNetPicklesAreDecodedOnceIntoTheCacheAndMapped() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("Imagenet32_train"));
        Files.write(dir.resolve("train_data_batch_1"), PyFiles.pickle(false, imagenetBatch(0, 3, 32, new int[] {1, 1000, 7}),
                Map.of("data", new long[] {3, 3072})));
        Files.write(dir.resolve("train_data_batch_2"), PyFiles.pickle(false, imagenetBatch(3, 2, 32, new int[] {2, 3}),
                Map.of("data", new long[] {2, 3072})));
        long before = cacheEntries();
        Dataset seen = Datasets.inspect(dir.toString(), s -> {});
        assertThat(seen.count()).isEqualTo(5);
        assertThat(seen.labels()).containsExactly(0, 999, 6, 1, 2);
        assertThat(cacheEntries()).isEqualTo(before); // inspecting decodes nothing
        assertThatThrownBy(() -> seen.image(0)).hasMessageContaining("was inspected, not decoded");
        Dataset d = open(dir, "");
        assertThat(d.count()).isEqualTo(5);
        assertThat(d.images().array()).isNull();
        assertThat(d.labels()).containsExactly(0, 999, 6, 1, 2);
        assertThat(d.numClasses()).isEqualTo(1000);
        assertImages(d, 0);
        // the second open maps the cache: the pickles may even be gone
        Path moved = tmp.resolve("moved");
        Files.copy(dir.resolve("train_data_batch_1"), moved);
        Files.write(dir.resolve("train_data_batch_1"), new byte[0]);
        Files.setLastModifiedTime(dir.resolve("train_data_batch_1"), Files.getLastModifiedTime(moved));
        assertThatThrownBy(() -> open(dir, "")).isInstanceOf(Gen4jException.class); // size changed: a new key, decoded again, fails
        Files.copy(moved, dir.resolve("train_data_batch_1"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.write(dir.resolve("train_data_batch_2"), PyFiles.pickle(false, imagenetBatch(3, 2, 32, new int[] {0, 3}),
                Map.of("data", new long[] {2, 3072})));
        assertThatThrownBy(() -> open(dir, "")).hasMessageContaining("label 0 of image 0 is outside 1 to 1000");
        try (var s = Files.list(tmp.resolve("cache/datasets"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".")); // no half-written conversion left
        }
    }

    static long cacheEntries() throws IOException {
        Path d = tmp.resolve("cache/datasets");
        if (!Files.isDirectory(d)) {
            return 0;
        }
        try (var s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void storedNpzArraysAreMappedInPlaceAndCompressedOnesDecoded() throws IOException {
        for (boolean compressed : new boolean[] {false, true}) {
            Path dir = Files.createDirectories(tmp.resolve("Imagenet64_npz_" + compressed));
            int[][] labels = {{5, 6}, {1000}};
            for (int b = 0; b < 2; b++) {
                Map<String, byte[]> e = new LinkedHashMap<>();
                int n = labels[b].length;
                e.put("data.npy", PyFiles.npy("|u1", new long[] {n, 3 * 64 * 64}, images(2 * b, n, 3 * 64 * 64)));
                e.put("labels.npy", PyFiles.npy("<i8", new long[] {n}, PyFiles.int64(labels[b])));
                e.put("mean.npy", PyFiles.npy("<f8", new long[] {1}, new byte[8]));
                PyFiles.npz(dir.resolve("train_data_batch_" + (b + 1) + ".npz"), e, compressed);
            }
            Dataset d = open(dir, "");
            assertThat(d.count()).isEqualTo(3);
            assertThat(d.width()).isEqualTo(64);
            assertThat(d.labels()).containsExactly(4, 5, 999);
            assertImages(d, 0);
            Map<String, byte[]> bad = new LinkedHashMap<>();
            bad.put("data.npy", PyFiles.npy("|u1", new long[] {1, 3 * 64 * 64}, images(0, 1, 3 * 64 * 64)));
            bad.put("labels.npy", PyFiles.npy("<i8", new long[] {1}, PyFiles.int64(new int[] {1})));
            bad.put("payload.npy", new byte[4]);
            PyFiles.npz(dir.resolve("train_data_batch_2.npz"), bad, compressed);
            assertThatThrownBy(() -> open(dir, "")).hasMessageContaining("has an unexpected array 'payload.npy'");
        }
    }

    @Test
    void celebAIsCentreCroppedTo108AndResizedTo64WithItsSplitAndAttributes() throws IOException {
        Path dir = tmp.resolve("celeba");
        Path img = Files.createDirectories(dir.resolve("img_align_celeba"));
        int[][] colours = {{200, 30, 30}, {30, 200, 30}, {30, 30, 200}};
        for (int i = 0; i < 3; i++) {
            BufferedImage b = new BufferedImage(178, 218, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 218; y++) {
                for (int x = 0; x < 178; x++) {
                    boolean inside = x >= 35 && x < 143 && y >= 55 && y < 163; // the central 108x108
                    int[] c = inside ? colours[i] : new int[] {255, 255, 255};
                    b.setRGB(x, y, c[0] << 16 | c[1] << 8 | c[2]);
                }
            }
            ImageIO.write(b, "jpg", img.resolve(String.format("%06d.jpg", i + 1)).toFile());
        }
        Files.writeString(dir.resolve("list_eval_partition.txt"), "000001.jpg 0\n000002.jpg 0\n000003.jpg 2\n");
        Files.writeString(dir.resolve("list_attr_celeba.txt"), "3\n5_o_Clock_Shadow Male Smiling\n000001.jpg -1  1 -1\n000002.jpg  1 -1 -1\n"
                + "000003.jpg -1  1  1\n");
        Dataset train = open(dir, "");
        assertThat(train.count()).isEqualTo(2);
        assertThat(train.width()).isEqualTo(64);
        assertThat(train.labelled()).isFalse();
        byte[] first = train.image(0);
        int plane = 64 * 64;
        // the crop is the central 108x108, so three pixels in from each corner no white shows (JPEG blurs the crop's own edge)
        for (int p : new int[] {3 * 64 + 3, 3 * 64 + 60, 32 * 64 + 32, 60 * 64 + 3, 60 * 64 + 60}) {
            assertThat(first[p] & 0xff).isBetween(185, 215);
            assertThat(first[plane + p] & 0xff).isBetween(15, 45);
        }
        Dataset male = open(dir, "#Male");
        assertThat(male.labels()).containsExactly(1, 0);
        assertThat(male.classNames()).containsExactly("not Male", "Male");
        Dataset test = open(dir, "#test,Smiling");
        assertThat(test.count()).isEqualTo(1);
        assertThat(test.labels()).containsExactly(1);
        assertThat(test.image(0)[2 * plane + 100] & 0xff).isBetween(185, 215);
        assertThatThrownBy(() -> open(dir, "#Bald")).hasMessageContaining("CelebA has no attribute 'Bald'; its attributes are 5_o_Clock_Shadow, Male, Smiling");
    }

    @Test
    void aFolderGivenASizeIsResizedAsItIsDecodedIntoTheCache() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("hq"));
        for (int i = 0; i < 3; i++) {
            BufferedImage b = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 24; y++) {
                for (int x = 0; x < 32; x++) {
                    b.setRGB(x, y, (x < 4 || x >= 28) ? 0xffffff : 40 * i << 16 | 100 << 8 | 7);
                }
            }
            ImageIO.write(b, "png", dir.resolve("img" + i + ".png").toFile());
        }
        Dataset d = open(dir, "#8");
        assertThat(d.count()).isEqualTo(3);
        assertThat(d.width()).isEqualTo(8);
        assertThat(d.images().array()).isNull();
        // the centre 24x24 crop drops the white side bars; area-averaging keeps the flat colour exactly
        byte[] img = d.image(2);
        assertThat(new int[] {img[0] & 0xff, img[64] & 0xff, img[128 + 63] & 0xff}).containsExactly(80, 100, 7);
        assertThatThrownBy(() -> open(dir, "#8,16")).hasMessageContaining("takes one size, got 8 and 16");
        assertThatThrownBy(() -> open(dir, "#big")).hasMessageContaining("does not take the option 'big'");
    }

    @Test
    void aPublishedNameNotYetFetchedSaysHowToGetIt() {
        assertThatThrownBy(() -> Datasets.open("stl10", s -> {})).hasMessageContaining("stl10 is not in data/; ./gen4j data fetch stl10 gets it");
    }
}
