package org.gen4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedTest {

    @TempDir
    Path tmp;

    /** A ustar entry: 512-byte header (name, octal size, checksum, type), the data padded to 512. */
    static void entry(OutputStream out, String name, byte[] data) throws IOException {
        byte[] h = new byte[512];
        System.arraycopy(name.getBytes(StandardCharsets.US_ASCII), 0, h, 0, name.length());
        byte[] size = String.format("%011o", data.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, h, 124, size.length);
        h[156] = '0';
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        byte[] chk = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chk, 0, h, 148, 8);
        out.write(h);
        out.write(data);
        out.write(new byte[(512 - data.length % 512) % 512]);
    }

    static Path tarGz(Path file, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            entry(tar, e.getKey(), e.getValue());
        }
        tar.write(new byte[1024]);
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
            o.write(tar.toByteArray());
        }
        return file;
    }

    @Test
    void anArchiveIsVerifiedThenExtractedWhole() throws IOException {
        byte[] batch = new byte[2 * 3073];
        batch[0] = 3;
        Path archive = tarGz(tmp.resolve("cifar-10-binary.tar.gz"), new java.util.LinkedHashMap<>(Map.of(
                "cifar-10-batches-bin/data_batch_1.bin", batch, "cifar-10-batches-bin/batches.meta.txt", "a\nb\n".getBytes())));
        Published.extract(archive, tmp, Published.md5(archive), s -> {});
        assertThat(Files.readAllBytes(tmp.resolve("cifar-10-batches-bin/data_batch_1.bin"))).isEqualTo(batch);
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".extract"));
        }
    }

    @Test
    void aDamagedArchiveOrAnEntryOutsideTheFolderIsRefusedAndNothingIsLeft() throws IOException {
        Path archive = tarGz(tmp.resolve("a.tar.gz"), Map.of("x/y.bin", new byte[10]));
        assertThatThrownBy(() -> Published.extract(archive, tmp, "00000000000000000000000000000000", s -> {}))
                .hasMessageContaining("not the published 00000000000000000000000000000000");
        Path evil = tarGz(tmp.resolve("evil.tar.gz"), Map.of("../escaped.txt", new byte[3]));
        assertThatThrownBy(() -> Published.extract(evil, tmp, Published.md5(evil), s -> {}))
                .hasMessageContaining("has an entry '../escaped.txt' outside the folder it extracts to");
        assertThat(tmp.getParent().resolve("escaped.txt")).doesNotExist();
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.tar.gz", "evil.tar.gz");
        }
    }

    @Test
    void datasetsBehindALoginSayWhichFilesGoWhereAndUnknownNamesListTheKnownOnes() {
        assertThatThrownBy(() -> Published.named("celeba").fetch(tmp, s -> {}))
                .hasMessageContaining("img_align_celeba.zip").hasMessageContaining(tmp + "/celeba/img_align_celeba/000001.jpg")
                .hasMessageContaining("then pass --data " + tmp.resolve("celeba"));
        assertThatThrownBy(() -> Published.named("imagenet64").fetch(tmp, s -> {}))
                .hasMessageContaining(tmp + "/Imagenet64_train/train_data_batch_1");
        assertThatThrownBy(() -> Published.named("mnist")).hasMessageContaining("unknown dataset name 'mnist'; known: fashion-mnist, cifar10");
    }

    @Test
    void aPlacedArchiveIsUsedWithoutTheNetwork() throws IOException {
        // the real archive's MD5 cannot match a miniature: the placed file is checked and refused, which shows it was used
        tarGz(tmp.resolve("stl10_binary.tar.gz"), Map.of("stl10_binary/train_X.bin", new byte[27648]));
        assertThatThrownBy(() -> Published.named("stl10").fetch(tmp, s -> {})).hasMessageContaining("stl10_binary.tar.gz has MD5")
                .hasMessageContaining("not the published 91f7769df0f17e558f3565bffb0c7dfb");
    }
}
