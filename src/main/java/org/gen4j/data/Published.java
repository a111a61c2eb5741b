package org.gen4j.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.gen4j.Gen4jException;

/**
 * The published datasets {@code gen4j data fetch NAME} knows: where each comes from, the MD5 its
 * publisher (or torchvision, which checks the same archives) gives, and the folder it extracts to.
 * Archives served openly are downloaded, verified and extracted; those behind a login or a file
 * host (CelebA, downsampled ImageNet) get the exact files to place and where.
 */
public enum Published {
    CIFAR10("cifar10", "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530", "cifar-10-batches-bin",
            null),
    CIFAR10_PYTHON("cifar10-python", "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz", "c58f30108f718f92721af3b95e74349a",
            "cifar-10-batches-py", null),
    CIFAR100("cifar100", "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz", "eb9058c3a382ffc7106e4002c42a8d85", "cifar-100-python",
            null),
    STL10("stl10", "http://ai.stanford.edu/~acoates/stl10/stl10_binary.tar.gz", "91f7769df0f17e558f3565bffb0c7dfb", "stl10_binary", null),
    CELEBA("celeba", null, null, "celeba", "CelebA is shared through Google Drive from https://mmlab.ie.cuhk.edu.hk/projects/CelebA.html: "
            + "download Img/img_align_celeba.zip, Eval/list_eval_partition.txt and Anno/list_attr_celeba.txt, unzip the images so that "
            + "DIR/celeba/img_align_celeba/000001.jpg exists and put both lists in DIR/celeba/"),
    IMAGENET32("imagenet32", null, null, "Imagenet32_train", "downsampled ImageNet needs an ImageNet login at "
            + "https://image-net.org/download-images.php: download Imagenet32_train.zip (or Imagenet32_train_npz.zip) and "
            + "Imagenet32_val.zip and unzip them into DIR/, giving DIR/Imagenet32_train/train_data_batch_1 ... _10 and "
            + "DIR/Imagenet32_val/val_data"),
    IMAGENET64("imagenet64", null, null, "Imagenet64_train", "downsampled ImageNet needs an ImageNet login at "
            + "https://image-net.org/download-images.php: download Imagenet64_train_part1.zip and _part2.zip (or the _npz ones) and "
            + "Imagenet64_val.zip and unzip them into DIR/, giving DIR/Imagenet64_train/train_data_batch_1 ... _10 and "
            + "DIR/Imagenet64_val/val_data");

    private final String cliName;
    private final String url;
    private final String md5;
    private final String folder;
    private final String manual;

    Published(String cliName, String url, String md5, String folder, String manual) {
        this.cliName = cliName;
        this.url = url;
        this.md5 = md5;
        this.folder = folder;
        this.manual = manual;
    }

    public String cliName() {
        return cliName;
    }

    /** The folder the dataset lies in under {@code dir} once fetched. */
    public Path folder(Path dir) {
        return dir.resolve(folder);
    }

    public static Published named(String name) {
        for (Published p : values()) {
            if (p.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new Gen4jException("unknown dataset name '" + name + "'; known: fashion-mnist, "
                + String.join(", ", Arrays.stream(values()).map(Published::cliName).toList()) + ".");
    }

    /**
     * Makes the dataset available under {@code dir} and returns its folder: already there, or from
     * its archive placed in {@code dir}, or downloaded; an archive is verified before it is
     * extracted, and a failure says what to download and where to put it.
     */
    public Path fetch(Path dir, Consumer<String> log) throws IOException {
        Path target = folder(dir);
        if (Files.isDirectory(target)) {
            log.accept(target + " is already there");
            return target;
        }
        if (url == null) {
            throw new Gen4jException(manual.replace("DIR", dir.toString()) + "; then pass --data " + target + ".");
        }
        Path archive = dir.resolve(url.substring(url.lastIndexOf('/') + 1));
        if (!Files.isRegularFile(archive)) {
            download(archive, log);
        }
        extract(archive, dir, md5, log);
        Gen4jException.check(Files.isDirectory(target), "%s did not contain %s/.", archive, folder);
        return target;
    }

    private void download(Path archive, Consumer<String> log) throws IOException {
        Files.createDirectories(archive.toAbsolutePath().getParent());
        Path part = archive.resolveSibling(archive.getFileName() + ".part");
        log.accept("downloading " + url);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpResponse<Path> r = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofFile(part));
            Gen4jException.check(r.statusCode() == 200, "%s answered HTTP %d.", url, r.statusCode());
            Files.move(part, archive, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw new Gen4jException("cannot download " + url + " (" + Gen4jException.describe(e) + "); download it by other means, check its MD5 is " + md5 + ", put it at " + archive
                    + " and run this again.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Files.deleteIfExists(part);
            throw new Gen4jException("interrupted while downloading " + url + ".", e);
        }
    }

    /**
     * Checks a {@code .tar.gz}'s MD5 against {@code md5} and extracts its regular files into
     * {@code dir} (through a temporary folder renamed into place, so an interrupted extraction
     * leaves nothing half-made); entries that would land outside {@code dir} are refused.
     */
    static void extract(Path archive, Path dir, String md5, Consumer<String> log) throws IOException {
        String actual = md5(archive);
        Gen4jException.check(actual.equals(md5), "%s has MD5 %s, not the published %s: it is damaged or another file; delete it and fetch again.",
                archive, actual, md5);
        log.accept("verified " + archive.getFileName() + " (MD5 " + md5 + "); extracting");
        Path tmp = Files.createTempDirectory(dir, ".extract-");
        try {
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16))) {
                Tar.extract(in, tmp, archive.toString());
            }
            try (var s = Files.list(tmp)) {
                for (Path top : s.toList()) {
                    Path dest = dir.resolve(top.getFileName().toString());
                    Gen4jException.check(!Files.exists(dest), "%s already exists; move it away to extract %s.", dest, archive);
                    Files.move(top, dest, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } finally {
            try (var s = Files.walk(tmp)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static String md5(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("MD5"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A reader of POSIX ustar archives (and GNU long names), enough for the datasets' tarballs. */
    static final class Tar {
        private Tar() {}

        static void extract(InputStream in, Path dir, String what) throws IOException {
            Path root = dir.toAbsolutePath().normalize();
            String longName = null;
            while (true) {
                byte[] h = in.readNBytes(512);
                Gen4jException.check(h.length == 512, "%s ends in the middle of a tar header.", what);
                if (allZero(h)) {
                    return;
                }
                String name = longName != null ? longName : field(h, 345, 155).isEmpty() ? field(h, 0, 100) : field(h, 345, 155) + "/" + field(h, 0, 100);
                longName = null;
                long size = Long.parseLong(field(h, 124, 12).isEmpty() ? "0" : field(h, 124, 12), 8);
                char type = (char) h[156];
                long padded = (size + 511) / 512 * 512;
                if (type == 'L') {
                    byte[] n = in.readNBytes((int) padded);
                    longName = new String(n, 0, (int) size, StandardCharsets.UTF_8).replace("\0", "");
                    continue;
                }
                if (type == '0' || type == '\0') {
                    Path out = root.resolve(name).normalize();
                    Gen4jException.check(out.startsWith(root) && !out.equals(root), "%s has an entry '%s' outside the folder it extracts to.", what, name);
                    Files.createDirectories(out.getParent());
                    try (OutputStream o = Files.newOutputStream(out)) {
                        copy(in, o, size, what);
                    }
                    in.skipNBytes(padded - size);
                } else {
                    in.skipNBytes(padded); // folders are made as files need them; links, pax headers and the rest are skipped
                }
            }
        }

        private static void copy(InputStream in, OutputStream out, long size, String what) throws IOException {
            byte[] buf = new byte[1 << 16];
            long left = size;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                Gen4jException.check(n > 0, "%s is truncated.", what);
                out.write(buf, 0, n);
                left -= n;
            }
        }

        private static String field(byte[] h, int at, int len) {
            int end = at;
            while (end < at + len && h[end] != 0) {
                end++;
            }
            return new String(h, at, end - at, StandardCharsets.UTF_8).strip();
        }

        private static boolean allZero(byte[] h) {
            for (byte b : h) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
