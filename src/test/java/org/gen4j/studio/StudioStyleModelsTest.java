package org.gen4j.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gen4j.studio.StudioServerTest.json;
import static org.gen4j.studio.StudioServerTest.png;
import static org.gen4j.studio.StudioServerTest.refused;

import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gen4j.cli.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explorer's style-model endpoints on the imported official fixture networks (StyleGAN2 8x8
 * grayscale, StyleGAN3-T 16x16 RGB): truncation in W, walks in W, the mixing matrix, the input
 * transform; checked against closed forms (psi 0 gives one image for every seed; taking every
 * layer from the column gives the column's image).
 */
class StudioStyleModelsTest {

    @TempDir
    static Path tmp;

    static Studio studio;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String TOKEN = "style-token";

    @BeforeAll
    static void start() throws Exception {
        Path runs = tmp.resolve("runs");
        Files.createDirectories(runs);
        for (String[] f : new String[][] {{"stylegan2-gray8.pkl", "sg2", "stylegan2-ada"}, {"stylegan3t-rgb16.pkl", "sg3", "stylegan3"}}) {
            Path pkl = Path.of(StudioStyleModelsTest.class.getResource("/interop/" + f[0]).toURI());
            int code = Main.execute(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()), "import", "--from", f[2],
                    pkl.toString(), "--out", runs.resolve(f[1]).toString());
            assertThat(code).isZero();
        }
        studio = Studio.start(new Studio.Options(runs, "127.0.0.1", 0, TOKEN, 60_000, 8, 2));
    }

    @AfterAll
    static void stop() {
        if (studio != null) {
            studio.close();
        }
    }

    static HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + studio.port() + pathAndQuery))
                .header("Cookie", Guard.COOKIE + "=" + TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static BufferedImage cell(BufferedImage grid, int col, int row, int side, int gap) {
        return grid.getSubimage(col * (side + gap), row * (side + gap), side, side);
    }

    static int maxDifference(BufferedImage a, BufferedImage b) {
        int worst = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                for (int c = 0; c < a.getRaster().getNumBands(); c++) {
                    worst = Math.max(worst, Math.abs(a.getRaster().getSample(x, y, c) - b.getRaster().getSample(x, y, c)));
                }
            }
        }
        return worst;
    }

    @Test
    void aStyleModelOffersTruncationInWAndItsLayers() throws Exception {
        JsonObject caps = json(get("/api/runs/sg2/capabilities"));
        assertThat(caps.get("model").getAsString()).isEqualTo("stylegan2");
        assertThat(caps.get("truncation").getAsString()).isEqualTo("w");
        assertThat(caps.getAsJsonObject("style").get("numWs").getAsInt()).isPositive();
        assertThat(caps.has("transform")).isFalse();
        JsonObject sg3 = json(get("/api/runs/sg3/capabilities"));
        assertThat(sg3.getAsJsonObject("transform").get("margin").getAsDouble()).isPositive();
        assertThat(sg3.get("channels").getAsInt()).isEqualTo(3);
    }

    @Test
    void psiZeroGivesTheAverageImageForEverySeed() throws Exception {
        BufferedImage grid = png(get("/api/runs/sg2/grid?seeds=0-3&psi=0"));
        for (int i = 1; i < 4; i++) {
            assertThat(maxDifference(cell(grid, i % 2, i / 2, 8, 2), cell(grid, 0, 0, 8, 2))).isZero();
        }
        BufferedImage plain = png(get("/api/runs/sg2/grid?seeds=0-3"));
        assertThat(maxDifference(cell(plain, 1, 0, 8, 2), cell(plain, 0, 0, 8, 2))).isPositive();
        assertThat(refused(get("/api/runs/sg2/grid?psi=1.5"), 400)).contains("is outside [0, 1]");
    }

    @Test
    void aWalkInWStartsAndEndsAtTheSeedsImages() throws Exception {
        BufferedImage walk = png(get("/api/runs/sg2/interpolate?from=3&to=5&frames=4&space=w"));
        assertThat(walk.getWidth()).isEqualTo(5 * 8);
        BufferedImage three = png(get("/api/runs/sg2/image?seed=3")), five = png(get("/api/runs/sg2/image?seed=5"));
        assertThat(maxDifference(walk.getSubimage(0, 0, 8, 8), three)).isLessThanOrEqualTo(1);
        assertThat(maxDifference(walk.getSubimage(32, 0, 8, 8), five)).isLessThanOrEqualTo(1);
        assertThat(maxDifference(walk.getSubimage(16, 0, 8, 8), three)).isPositive();
    }

    @Test
    void theMixingMatrixTakesTheChosenLayersFromTheColumns() throws Exception {
        int numWs = json(get("/api/runs/sg2/capabilities")).getAsJsonObject("style").get("numWs").getAsInt();
        BufferedImage all = png(get("/api/runs/sg2/mix?rows=0,1&cols=2,3&styles=0-" + (numWs - 1)));
        assertThat(all.getWidth()).isEqualTo(3 * 8 + 2 * 2);
        assertThat(all.getHeight()).isEqualTo(3 * 8 + 2 * 2);
        for (int r = 1; r <= 2; r++) {
            for (int c = 1; c <= 2; c++) {
                // every layer from the column: the column's own image
                assertThat(maxDifference(cell(all, c, r, 8, 2), cell(all, c, 0, 8, 2))).isLessThanOrEqualTo(1);
            }
        }
        BufferedImage coarse = png(get("/api/runs/sg2/mix?rows=0,1&cols=2,3&styles=0"));
        assertThat(maxDifference(cell(coarse, 1, 1, 8, 2), cell(coarse, 1, 0, 8, 2))).isPositive();
        assertThat(refused(get("/api/runs/sg2/mix?styles=" + numWs), 400)).contains("styles layer " + numWs + " is out of range");
        assertThat(json(get("/api/runs/sg2/recipe?kind=mix&rows=0,1&cols=2,3&styles=0-1")).get("command").getAsString())
                .contains("./gen4j mix --checkpoint ").contains("--rows 0,1 --cols 2,3 --styles 0,1 --out mix.png");
    }

    @Test
    void theInputTransformMovesTheStyleGan3Image() throws Exception {
        BufferedImage still = png(get("/api/runs/sg3/image?seed=1"));
        BufferedImage moved = png(get("/api/runs/sg3/image?seed=1&tx=0.25"));
        BufferedImage turned = png(get("/api/runs/sg3/image?seed=1&rotate=90"));
        assertThat(still.getWidth()).isEqualTo(16);
        assertThat(maxDifference(still, moved)).isPositive();
        assertThat(maxDifference(still, turned)).isPositive();
        assertThat(maxDifference(still, png(get("/api/runs/sg3/image?seed=1&tx=0&ty=0&rotate=0")))).isZero();
        assertThat(json(get("/api/runs/sg3/recipe?kind=image&seed=1&tx=0.25")).get("command").getAsString()).contains("--translate 0.25,0.0");
        assertThat(refused(get("/api/runs/sg3/image?seed=1&rotate=NaN"), 400)).contains("rotate must be a number between");
    }
}
