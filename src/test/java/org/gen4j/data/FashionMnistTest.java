package org.gen4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    @TempDir
    Path dir;

    final List<String> notices = new ArrayList<>();

    static byte[] bundled(String name) throws IOException {
        try (InputStream in = FashionMnist.class.getResourceAsStream("/org/gen4j/data/fashion-mnist/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void bundledTestSplitIsTheRealOneAndVerifies() throws IOException {
        Path gz = dir.resolve("t10k-images-idx3-ubyte.gz");
        Files.write(gz, bundled("t10k-images-idx3-ubyte.gz"));
        assertThat(FashionMnist.contentSha256(gz)).isEqualTo(FashionMnist.CONTENT_SHA256.get("t10k-images-idx3-ubyte"));
        Dataset d = new FashionMnist(List.of(), dir.resolve("cache"), null, notices::add).load(FashionMnist.Split.TEST);
        assertThat(d.count()).isEqualTo(10_000);
        assertThat(d.height()).isEqualTo(28);
        assertThat(d.classNames()).containsExactlyElementsOf(FashionMnist.CLASSES);
        assertThat(notices).isEmpty();
    }

    @Test
    void aFolderWithTheFilesWinsOverDownloadAndBundle() throws IOException {
        Path local = dir.resolve("local");
        Files.createDirectories(local);
        // a tiny stand-in "training split": the first 5 test images under train names
        byte[] img = IdxTest.gzip(IdxTest.idx(0x803, new int[] {5, 28, 28}, new byte[5 * 784]));
        byte[] lab = IdxTest.gzip(IdxTest.idx(0x801, new int[] {5}, new byte[] {1, 2, 3, 4, 5}));
        Files.write(local.resolve("train-images-idx3-ubyte.gz"), img);
        Files.write(local.resolve("train-labels-idx1-ubyte.gz"), lab);
        Dataset d = new FashionMnist(List.of(dir.resolve("missing"), local), dir.resolve("cache"), "http://127.0.0.1:9/", notices::add)
                .load(FashionMnist.Split.TRAIN);
        assertThat(d.count()).isEqualTo(5);
        assertThat(d.labels()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void downloadsIntoTheCacheWhenTheChecksumsMatch() throws IOException {
        HttpServer server = serve(bundled("t10k-images-idx3-ubyte.gz"), bundled("t10k-labels-idx1-ubyte.gz"));
        try {
            Path cache = dir.resolve("cache");
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            Dataset d = new FashionMnist(List.of(), cache, url, notices::add).load(FashionMnist.Split.TEST);
            assertThat(d.count()).isEqualTo(10_000);
            assertThat(cache.resolve("t10k-images-idx3-ubyte.gz")).exists();
            assertThat(notices).anyMatch(n -> n.startsWith("downloading " + url));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aDownloadWithTheWrongContentIsRejectedAndTheBundleUsed() throws IOException {
        byte[] wrong = IdxTest.gzip(IdxTest.idx(0x803, new int[] {1, 28, 28}, new byte[784]));
        HttpServer server = serve(wrong, bundled("t10k-labels-idx1-ubyte.gz"));
        try {
            Path cache = dir.resolve("cache");
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            Dataset d = new FashionMnist(List.of(), cache, url, notices::add).load(FashionMnist.Split.TRAIN);
            assertThat(d.count()).isEqualTo(10_000);
            assertThat(d.name()).contains("bundled");
            assertThat(Files.list(cache).toList()).isEmpty();
            assertThat(notices).anyMatch(n -> n.contains("failed checksum verification"));
            assertThat(notices).anyMatch(n -> n.contains("using the 10,000 test images bundled"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void unreachableServerFallsBackToTheBundle() throws IOException {
        Dataset d = new FashionMnist(List.of(), dir.resolve("cache"), "http://127.0.0.1:9/", notices::add)
                .load(FashionMnist.Split.TRAIN);
        assertThat(d.count()).isEqualTo(10_000);
        // the cause is named (a refused connection's exception has no message of its own)
        assertThat(notices).anyMatch(n -> n.contains("could not be downloaded from http://127.0.0.1:9/ (ConnectException"))
                .noneMatch(n -> n.contains("(null)"));
    }

    /** Serves every *-images-* request with {@code images} and every other with {@code labels}. */
    static HttpServer serve(byte[] images, byte[] labels) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestURI().getPath().contains("-images-") ? images : labels;
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
