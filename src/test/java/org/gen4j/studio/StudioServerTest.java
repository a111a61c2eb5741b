package org.gen4j.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.gen4j.api.Gen4j;
import org.gen4j.api.TrainedModel;
import org.gen4j.cli.TinyRuns;
import org.gen4j.train.RunLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint of the studio against a tiny ProGAN run: JSON shapes, PNGs, status codes, the guard, the limits, the queue. */
class StudioServerTest {

    @TempDir
    static Path tmp;

    static Path runs;
    static Path run;
    static Studio studio;
    static HttpClient http;
    static final String TOKEN = "test-token-0123456789";

    @BeforeAll
    static void start() throws IOException {
        runs = tmp.resolve("runs");
        Files.createDirectories(runs);
        run = runs.resolve("tiny");
        TinyRuns.Result r = TinyRuns.run(TinyRuns.tinyProGan(TinyRuns.fashionSubset(tmp, 64), run, "0.032"));
        assertThat(r.code()).as(r.err()).isZero();
        studio = Studio.start(new Studio.Options(runs, "127.0.0.1", 0, TOKEN, 60_000, 8, 2));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        if (studio != null) {
            studio.close();
        }
    }

    static HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Cookie", Guard.COOKIE + "=" + TOKEN).GET().build());
    }

    static URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + studio.port() + pathAndQuery);
    }

    static HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonObject json(HttpResponse<byte[]> r) {
        return JsonParser.parseString(new String(r.body(), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    static BufferedImage png(HttpResponse<byte[]> r) throws IOException {
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }

    /** A refusal: the status, a JSON error of one sentence, nothing of a stack trace. */
    static String refused(HttpResponse<byte[]> r, int status) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        String error = JsonParser.parseString(body).getAsJsonObject().get("error").getAsString();
        assertThat(error).endsWith(".").doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("org.gen4j.");
        return error;
    }

    /** A raw request, so the Host header can be anything. */
    static String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", studio.port())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyRequestNeedsTheTokenAndTheFirstVisitSetsAStrictHttpOnlyCookie() throws Exception {
        assertThat(refused(send(HttpRequest.newBuilder(uri("/api/runs")).build()), 403)).contains("access token");
        assertThat(refused(send(HttpRequest.newBuilder(uri("/api/runs?token=wrong")).build()), 403)).contains("access token");
        assertThat(refused(send(HttpRequest.newBuilder(uri("/static/studio.js")).build()), 403)).contains("access token");
        assertThat(refused(send(HttpRequest.newBuilder(uri("/")).header("Cookie", Guard.COOKIE + "=nope").build()), 403)).contains("token");
        HttpResponse<byte[]> first = send(HttpRequest.newBuilder(uri("/?token=" + TOKEN)).build());
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.headers().firstValue("Location")).hasValue("/");
        assertThat(first.headers().firstValue("Set-Cookie").orElseThrow()).contains(Guard.COOKIE + "=" + TOKEN).contains("HttpOnly")
                .contains("SameSite=Strict");
        HttpResponse<byte[]> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("<script src=\"/static/studio.js\"></script>");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'");
        assertThat(studio.url()).isEqualTo("http://127.0.0.1:" + studio.port() + "/?token=" + TOKEN);
    }

    @Test
    void theCommandBindsLoopbackByDefaultWarnsOtherwiseAndRefusesBadFlags() {
        assertThat(Studio.Options.defaults(runs).host()).isEqualTo("127.0.0.1");
        assertThat(Studio.bindWarning("127.0.0.1")).isNull();
        assertThat(Studio.bindWarning("localhost")).isNull();
        assertThat(Studio.bindWarning("0.0.0.0")).startsWith("warning: gen4j studio listens on 0.0.0.0, not only on this machine");
        TinyRuns.Result missing = TinyRuns.run("studio", "--runs", tmp.resolve("nowhere").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--runs " + tmp.resolve("nowhere") + " is not a folder");
        TinyRuns.Result port = TinyRuns.run("studio", "--runs", runs.toString(), "--port", "70000");
        assertThat(port.code()).isEqualTo(2);
        assertThat(port.err()).contains("--port must be between 0 and 65535, got 70000.");
        TinyRuns.Result host = TinyRuns.run("studio", "--runs", runs.toString(), "--host", "evil.example/x");
        assertThat(host.code()).isEqualTo(2);
        assertThat(host.err()).contains("--host 'evil.example/x' is not a host name or address.");
        TinyRuns.Result taken = TinyRuns.run("studio", "--runs", runs.toString(), "--port", String.valueOf(studio.port()));
        assertThat(taken.code()).isEqualTo(2);
        assertThat(taken.err()).contains("cannot listen on 127.0.0.1:" + studio.port()).contains("choose another --port");
    }

    @Test
    void aHostHeaderNotNamingTheServerIsRefused() throws Exception {
        String cookie = "Cookie: " + Guard.COOKIE + "=" + TOKEN + "\r\nConnection: close\r\n\r\n";
        String evil = raw("GET /api/runs HTTP/1.1\r\nHost: evil.example:" + studio.port() + "\r\n" + cookie);
        assertThat(evil).startsWith("HTTP/1.1 403").contains("the Host header does not name this server");
        String otherPort = raw("GET /api/runs HTTP/1.1\r\nHost: 127.0.0.1:1\r\n" + cookie);
        assertThat(otherPort).startsWith("HTTP/1.1 403");
        assertThat(raw("GET /api/runs HTTP/1.1\r\nHost: localhost:" + studio.port() + "\r\n" + cookie)).startsWith("HTTP/1.1 200");
    }

    @Test
    void theRunsListGivesModelDataImagesSeenLatestMetricsAndWhetherItTrains() throws Exception {
        HttpResponse<byte[]> r = get("/api/runs");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonArray all = JsonParser.parseString(new String(r.body(), StandardCharsets.UTF_8)).getAsJsonArray();
        assertThat(all).hasSize(1);
        JsonObject tiny = all.get(0).getAsJsonObject();
        assertThat(tiny.get("name").getAsString()).isEqualTo("tiny");
        assertThat(tiny.get("model").getAsString()).isEqualTo("progan");
        assertThat(tiny.get("data").getAsString()).endsWith("fmnist-tiny");
        assertThat(tiny.get("imagesSeen").getAsLong()).isEqualTo(32);
        assertThat(tiny.getAsJsonObject("latest").has("loss_D")).isTrue();
        assertThat(tiny.get("training").getAsBoolean()).isFalse();
        assertThat(tiny.get("checkpoints").getAsInt()).isEqualTo(1);
        try (RunLock lock = RunLock.acquire(run)) {
            assertThat(json(get("/api/runs/tiny")).get("training").getAsBoolean()).isTrue();
        }
        assertThat(json(get("/api/runs/tiny/config")).get("model").getAsString()).isEqualTo("progan");
        assertThat(json(get("/api/runs/tiny/checkpoints")).getAsJsonArray("checkpoints").get(0).getAsString())
                .isEqualTo("ckpt-0000000032.json");
    }

    @Test
    void metricsComeFromAnyLineOnAndALineBeingWrittenWaitsForItsNewline() throws Exception {
        Path other = runs.resolve("metrics-run");
        Files.createDirectories(other);
        Files.writeString(other.resolve("config.json"), "{\"model\": \"progan\", \"data\": \"x\"}");
        Files.writeString(other.resolve("metrics.jsonl"), "{\"kimg\": 0.1, \"loss_D\": 1}\n{\"kimg\": 0.2, \"loss_D\": 2}\n{\"kimg\": 0.3");
        try {
            JsonObject all = json(get("/api/runs/metrics-run/metrics"));
            assertThat(all.getAsJsonArray("lines")).hasSize(2);
            assertThat(all.get("next").getAsInt()).isEqualTo(2);
            Files.writeString(other.resolve("metrics.jsonl"), ", \"loss_D\": 3}\n", java.nio.file.StandardOpenOption.APPEND);
            JsonObject more = json(get("/api/runs/metrics-run/metrics?from=2"));
            assertThat(more.getAsJsonArray("lines")).hasSize(1);
            assertThat(more.getAsJsonArray("lines").get(0).getAsJsonObject().get("loss_D").getAsInt()).isEqualTo(3);
            assertThat(more.get("next").getAsInt()).isEqualTo(3);
            assertThat(json(get("/api/runs/metrics-run")).get("imagesSeen").getAsLong()).isZero();
            assertThat(refused(get("/api/runs/metrics-run/metrics?from=-1"), 400)).isEqualTo("from must be between 0 and 2147483647, got -1.");
            assertThat(refused(get("/api/runs/metrics-run/capabilities"), 404)).contains("has no checkpoint yet");
        } finally {
            for (String f : List.of("config.json", "metrics.jsonl")) {
                Files.delete(other.resolve(f));
            }
            Files.delete(other);
        }
    }

    @Test
    void sampleGridsAreListedAndServedAsPngs() throws Exception {
        JsonArray grids = json(get("/api/runs/tiny/samples")).getAsJsonArray("grids");
        assertThat(grids.toString()).isEqualTo("[\"fakes-0000.000kimg.png\",\"fakes-0000.032kimg.png\"]");
        BufferedImage grid = png(get("/api/runs/tiny/samples/fakes-0000.032kimg.png"));
        assertThat(grid.getWidth()).isEqualTo(ImageIO.read(run.resolve("samples/fakes-0000.032kimg.png").toFile()).getWidth());
        assertThat(png(get("/api/runs/tiny/samples/reals.png")).getWidth()).isPositive();
        assertThat(get("/static/uPlot.iife.min.js").statusCode()).isEqualTo(200);
        assertThat(get("/static/studio.css").headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
        refused(get("/static/index.html.bak"), 404);
        refused(get("/no/such/endpoint"), 404);
    }

    @Test
    void namesResolveInsideTheRunsFolderOnly() throws Exception {
        Path outside = tmp.resolve("outside-run");
        Files.createDirectories(outside.resolve("samples"));
        Files.writeString(outside.resolve("config.json"), "{\"model\": \"progan\", \"secret\": \"outside\"}");
        Files.createSymbolicLink(runs.resolve("linked"), outside);
        Files.writeString(tmp.resolve("secret.png"), "not for the browser");
        Files.createSymbolicLink(run.resolve("samples/fakes-9999.999kimg.png"), tmp.resolve("secret.png"));
        try {
            refused(get("/api/runs/..%2Foutside-run/config"), 404);
            refused(get("/api/runs/%2Fetc/config"), 404);
            refused(get("/api/runs/..%2F..%2F..%2Fetc/config"), 404);
            assertThat(refused(get("/api/runs/linked/config"), 404)).isEqualTo("there is no run 'linked' in the runs folder.");
            assertThat(json(get("/api/runs/tiny/samples")).getAsJsonArray("grids").toString()).contains("fakes-9999.999kimg.png");
            refused(get("/api/runs/tiny/samples/fakes-9999.999kimg.png"), 404);
            refused(get("/api/runs/tiny/samples/..%2Fconfig.json"), 404);
            refused(get("/api/runs/tiny/samples/..%2F..%2Flinked%2Fconfig.json"), 404);
            refused(get("/api/runs/tiny/grid?checkpoint=..%2F..%2Flinked%2Fckpt-1.json"), 404);
            refused(get("/api/runs/tiny/grid?checkpoint=ckpt-0000000099.json"), 404);
            JsonArray all = JsonParser.parseString(new String(get("/api/runs").body(), StandardCharsets.UTF_8)).getAsJsonArray();
            assertThat(all.toString()).doesNotContain("linked").doesNotContain("outside");
        } finally {
            Files.delete(runs.resolve("linked"));
            Files.delete(run.resolve("samples/fakes-9999.999kimg.png"));
        }
    }

    @Test
    void capabilitiesComeFromTheGeneratorsInterfaces() throws Exception {
        JsonObject caps = json(get("/api/runs/tiny/capabilities"));
        assertThat(caps.get("model").getAsString()).isEqualTo("progan");
        assertThat(caps.get("resolution").getAsInt()).isEqualTo(8);
        assertThat(caps.get("channels").getAsInt()).isEqualTo(1);
        assertThat(caps.get("numClasses").getAsInt()).isZero();
        assertThat(caps.get("truncation").getAsString()).isEqualTo("none");
        assertThat(caps.has("style")).isFalse();
        assertThat(caps.has("transform")).isFalse();
        assertThat(caps.has("latentSteps")).isFalse();
        assertThat(caps.has("instances")).isFalse();
        assertThat(caps.get("checkpoint").getAsString()).isEqualTo("ckpt-0000000032.json");
    }

    @Test
    void latentStepsAreOfferedWhereTheModelOptimisesItsLatentsAndChangeTheImages() throws Exception {
        Path csRuns = tmp.resolve("cs-runs");
        TinyRuns.Result c = TinyRuns.run(TinyRuns.tinyCsGan(TinyRuns.twoShapes(tmp, 8), csRuns.resolve("csgan"), "0.016"));
        assertThat(c.code()).as(c.err()).isZero();
        try (Studio cs = Studio.start(new Studio.Options(csRuns, "127.0.0.1", 0, TOKEN, 60_000, 8, 1))) {
            java.util.function.Function<String, HttpResponse<byte[]>> at = client(cs);
            JsonObject caps = json(at.apply("/api/runs/csgan/capabilities"));
            assertThat(caps.getAsJsonObject("latentSteps").get("default").getAsInt()).isEqualTo(3);
            byte[] paper = at.apply("/api/runs/csgan/grid?seeds=0-3").body(), three = at.apply("/api/runs/csgan/grid?seeds=0-3&steps=3").body();
            byte[] none = at.apply("/api/runs/csgan/grid?seeds=0-3&steps=0").body();
            assertThat(png(at.apply("/api/runs/csgan/grid?seeds=0-3&steps=0")).getWidth()).isEqualTo(2 * 16 + 2);
            assertThat(paper).isEqualTo(three);
            assertThat(none).isNotEqualTo(paper);
            assertThat(refused(at.apply("/api/runs/csgan/grid?steps=-1"), 400)).isEqualTo("steps must be between 0 and 10000, got -1.");
            assertThat(json(at.apply("/api/runs/csgan/recipe?kind=grid&seeds=0-3&steps=0")).get("command").getAsString())
                    .endsWith("--latent-steps 0");
        }
    }

    /** GET requests with the token's cookie to another studio than the suite's. */
    static java.util.function.Function<String, HttpResponse<byte[]>> client(Studio other) {
        return path -> {
            try {
                return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + path))
                        .header("Cookie", Guard.COOKIE + "=" + TOKEN).build());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    void temperatureIsOfferedForAVaeAndChangesItsSamples() throws Exception {
        Path vaeRuns = tmp.resolve("vae-runs");
        TinyRuns.Result v = TinyRuns.run(TinyRuns.tinyVdvae(TinyRuns.fashionSubset(tmp, 16), vaeRuns.resolve("vae"), "0.016"));
        assertThat(v.code()).as(v.err()).isZero();
        try (Studio vae = Studio.start(new Studio.Options(vaeRuns, "127.0.0.1", 0, TOKEN, 60_000, 8, 1))) {
            java.util.function.Function<String, HttpResponse<byte[]>> at = client(vae);
            JsonObject caps = json(at.apply("/api/runs/vae/capabilities"));
            assertThat(caps.getAsJsonObject("temperature").get("default").getAsDouble()).isEqualTo(1.0);
            assertThat(json(get("/api/runs/tiny/capabilities")).has("temperature")).as("ProGAN has no prior temperature").isFalse();
            byte[] warm = at.apply("/api/runs/vae/grid?seeds=0-3").body(), one = at.apply("/api/runs/vae/grid?seeds=0-3&temperature=1").body();
            byte[] cold = at.apply("/api/runs/vae/grid?seeds=0-3&temperature=0.2").body();
            assertThat(one).isEqualTo(warm);
            assertThat(cold).isNotEqualTo(warm);
            assertThat(refused(at.apply("/api/runs/vae/grid?temperature=0"), 400)).startsWith("temperature must be a number between");
            assertThat(json(at.apply("/api/runs/vae/recipe?kind=grid&seeds=0-3&temperature=0.2")).get("command").getAsString())
                    .endsWith("--temperature 0.2");
        }
    }

    @Test
    void theGridAndOneSeedAreWhatTheJavaApiGenerates() throws Exception {
        BufferedImage grid = png(get("/api/runs/tiny/grid?seeds=0-15"));
        assertThat(grid.getWidth()).isEqualTo(4 * 8 + 3 * 2);
        assertThat(grid.getHeight()).isEqualTo(4 * 8 + 3 * 2);
        BufferedImage seven = png(get("/api/runs/tiny/image?seed=7"));
        BufferedImage big = png(get("/api/runs/tiny/image?seed=7&scale=4"));
        assertThat(big.getWidth()).isEqualTo(32);
        BufferedImage expected;
        try (TrainedModel m = Gen4j.open(run)) {
            expected = m.generate(new long[] {7}, null, null).image(0);
        }
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                assertThat(seven.getRaster().getSample(x, y, 0)).isEqualTo(expected.getRaster().getSample(x, y, 0));
                // seed 7 is the fourth cell of the second row
                assertThat(grid.getRaster().getSample(3 * 10 + x, 10 + y, 0)).isEqualTo(expected.getRaster().getSample(x, y, 0));
                assertThat(big.getRaster().getSample(4 * x + 3, 4 * y + 1, 0)).isEqualTo(expected.getRaster().getSample(x, y, 0));
            }
        }
    }

    @Test
    void theRecipeReproducesTheGridWithGen4jSample() throws Exception {
        BufferedImage grid = png(get("/api/runs/tiny/grid?seeds=2,5,11"));
        JsonObject recipe = json(get("/api/runs/tiny/recipe?kind=grid&seeds=2,5,11"));
        assertThat(recipe.getAsJsonArray("seeds").toString()).isEqualTo("[2,5,11]");
        assertThat(recipe.get("checkpoint").getAsString()).isEqualTo("ckpt-0000000032.json");
        String command = recipe.get("command").getAsString();
        assertThat(command).startsWith("./gen4j sample --checkpoint ").contains(" --seeds 2,5,11 --grid grid.png");
        List<String> args = new java.util.ArrayList<>(List.of(command.substring("./gen4j ".length()).split(" ")));
        Path out = tmp.resolve("reproduced.png");
        args.set(args.indexOf("grid.png"), out.toString());
        TinyRuns.Result r = TinyRuns.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        BufferedImage again = ImageIO.read(out.toFile());
        assertThat(again.getWidth()).isEqualTo(grid.getWidth());
        for (int y = 0; y < grid.getHeight(); y++) {
            for (int x = 0; x < grid.getWidth(); x++) {
                assertThat(again.getRaster().getSample(x, y, 0)).isEqualTo(grid.getRaster().getSample(x, y, 0));
            }
        }
        assertThat(json(get("/api/runs/tiny/recipe?kind=interpolate&from=1&to=4&frames=6")).get("command").getAsString())
                .contains("./gen4j interpolate --checkpoint ").contains("--seeds 1,4 --frames 6 --space z --out walk.png");
        assertThat(json(get("/api/runs/tiny/recipe?kind=image&seed=9")).get("command").getAsString()).contains("--seeds 9 --grid seed9.png");
    }

    @Test
    void anInterpolationHasFramesPlusOneImagesInARow() throws Exception {
        BufferedImage walk = png(get("/api/runs/tiny/interpolate?from=0&to=1&frames=16"));
        assertThat(walk.getWidth()).isEqualTo(17 * 8);
        assertThat(walk.getHeight()).isEqualTo(8);
        BufferedImage first = png(get("/api/runs/tiny/image?seed=0")), last = png(get("/api/runs/tiny/image?seed=1"));
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                assertThat(walk.getRaster().getSample(x, y, 0)).isEqualTo(first.getRaster().getSample(x, y, 0));
                assertThat(walk.getRaster().getSample(16 * 8 + x, y, 0)).isEqualTo(last.getRaster().getSample(x, y, 0));
            }
        }
    }

    @Test
    void badParametersGetFourHundredAndOneSentence() throws Exception {
        assertThat(refused(get("/api/runs/tiny/grid?seeds=x"), 400))
                .isEqualTo("seeds 'x' is malformed; use a list like 0-15 or 1,5,9 of non-negative integers.");
        assertThat(refused(get("/api/runs/tiny/grid?seeds=0-1000"), 400)).contains("names more than 256 images");
        assertThat(refused(get("/api/runs/tiny/image?seed=abc"), 400)).isEqualTo("seed must be a non-negative integer, got 'abc'.");
        assertThat(refused(get("/api/runs/tiny/image"), 400)).isEqualTo("seed is missing; give a non-negative integer.");
        assertThat(refused(get("/api/runs/tiny/grid?psi=abc"), 400)).isEqualTo("psi must be a number, got 'abc'.");
        assertThat(refused(get("/api/runs/tiny/grid?psi=-1"), 400)).contains("psi must be a number between 0 and 100");
        assertThat(refused(get("/api/runs/tiny/grid?psi=0.5"), 400)).contains("model progan has no truncation trick");
        assertThat(refused(get("/api/runs/tiny/grid?class=3"), 400)).isEqualTo("model progan is unconditional; drop class.");
        assertThat(refused(get("/api/runs/tiny/grid?class=Trouser"), 400)).contains("class 'Trouser' is unknown");
        assertThat(refused(get("/api/runs/tiny/interpolate?from=0&to=1&frames=0"), 400)).isEqualTo("frames must be between 1 and 128, got 0.");
        assertThat(refused(get("/api/runs/tiny/interpolate?from=0&to=1&space=q"), 400)).isEqualTo("space must be z or w, got 'q'.");
        assertThat(refused(get("/api/runs/tiny/interpolate?from=0&to=1&space=w"), 400)).contains("has no W space");
        assertThat(refused(get("/api/runs/tiny/image?seed=1&scale=1000"), 400)).contains("scale must be between 1 and 64");
        assertThat(refused(get("/api/runs/tiny/mix"), 400)).contains("has no W space to mix styles in");
        assertThat(refused(get("/api/runs/tiny/classwalk?seed=1&classes=0,1"), 400)).contains("cannot mix classes");
        assertThat(refused(get("/api/runs/tiny/grid?steps=3"), 400)).contains("has no latent optimisation");
        assertThat(refused(get("/api/runs/tiny/grid?tx=0.1"), 400)).contains("has no input transform");
        assertThat(refused(get("/api/runs/tiny/grid?instance=1"), 400)).contains("is not conditioned on instances");
        assertThat(refused(get("/api/runs/tiny/recipe?kind=movie"), 400)).startsWith("kind must be grid, image");
    }

    @Test
    void uploadsAreLimitedInBytesAndDimensionsAndMustBeImages() throws Exception {
        HttpRequest.Builder post = HttpRequest.newBuilder(uri("/api/runs/tiny/instance")).header("Cookie", Guard.COOKIE + "=" + TOKEN);
        byte[] huge = new byte[Studio.MAX_UPLOAD_BYTES + 1];
        HttpResponse<byte[]> tooBig = send(post.POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build());
        assertThat(tooBig.statusCode()).isIn(400, 413);
        assertThat(refused(send(post.POST(HttpRequest.BodyPublishers.ofString("hello")).build()), 400))
                .isEqualTo("the upload is not an image gen4j can read; send a PNG or JPEG.");
        assertThat(refused(send(post.POST(HttpRequest.BodyPublishers.noBody()).build()), 400)).contains("carries no image");
        java.io.ByteArrayOutputStream wide = new java.io.ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(Studio.MAX_UPLOAD_SIDE + 1, 2, BufferedImage.TYPE_BYTE_GRAY), "png", wide);
        assertThat(refused(send(post.POST(HttpRequest.BodyPublishers.ofByteArray(wide.toByteArray())).build()), 400))
                .isEqualTo("the image is 2049x2; send one of at most 2048x2048 pixels.");
        java.io.ByteArrayOutputStream ok = new java.io.ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB), "png", ok);
        assertThat(refused(send(post.POST(HttpRequest.BodyPublishers.ofByteArray(ok.toByteArray())).build()), 400))
                .contains("model progan is not conditioned on instances");
    }

    @Test
    void aRequestThatWaitsTooLongGetsFiveOhThreeAndTheModelIsLoadedOnce() throws Exception {
        Path checkpoint = run.resolve("checkpoints/ckpt-0000000032.json");
        try (ModelPool pool = new ModelPool(1, 30_000, 1)) {
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            Thread busy = new Thread(() -> pool.call(checkpoint, m -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return m;
            }));
            busy.start();
            assertThat(started.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // one request is pending already: the next is turned away at once
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.call(checkpoint, m -> 1))
                    .isInstanceOfSatisfying(StudioException.class, e -> assertThat(e.status).isEqualTo(503))
                    .hasMessageContaining("generation requests are waiting already");
            release.countDown();
            busy.join();
            TrainedModel a = pool.call(checkpoint, m -> m), b = pool.call(checkpoint, m -> m);
            assertThat(a).isSameAs(b);
            assertThat(pool.loaded()).isEqualTo(1);
        }
        try (ModelPool slow = new ModelPool(1, 20, 4)) {
            TrainedModel loaded = null;
            for (int i = 0; i < 3000 && loaded == null; i++) {
                try {
                    loaded = slow.call(checkpoint, m -> m); // the first calls may time out while the model loads
                } catch (StudioException e) {
                    assertThat(e.status).isEqualTo(503);
                    Thread.sleep(10);
                }
            }
            assertThat(loaded).isNotNull();
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            Thread first = new Thread(() -> {
                try {
                    slow.call(checkpoint, m -> {
                        started.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return m;
                    });
                } catch (StudioException e) {
                    // it times out too: its caller stops waiting, the job runs on
                }
            });
            first.start();
            assertThat(started.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> slow.call(checkpoint, m -> 1))
                    .isInstanceOfSatisfying(StudioException.class, e -> assertThat(e.status).isEqualTo(503))
                    .hasMessage("the model was busy for more than 20 ms with earlier requests; try again shortly.");
            release.countDown();
            first.join();
        }
    }

    @Test
    void theServerAnswersFiveOhThreeOverHttpWhenTheModelIsTooSlow() throws Exception {
        try (Studio impatient = Studio.start(new Studio.Options(runs, "127.0.0.1", 0, TOKEN, 1, 8, 1))) {
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + impatient.port() + "/api/runs/tiny/grid"))
                    .header("Cookie", Guard.COOKIE + "=" + TOKEN).build());
            assertThat(refused(r, 503)).startsWith("the model was busy for more than 1 ms");
        }
    }
}
