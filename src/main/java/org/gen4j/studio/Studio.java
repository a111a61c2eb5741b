package org.gen4j.studio;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.gen4j.Gen4jException;
import org.gen4j.api.TrainedModel;

/**
 * gen4j studio's web server: the page (static files from the jar), a JSON API over the run
 * folders, and PNG endpoints that generate on the worker owning each model ({@link ModelPool}).
 * Every request passes {@link Guard} first; every error is answered with a status and one sentence
 * as {@code {"error": "..."}}, never a stack trace.
 */
public final class Studio implements AutoCloseable {

    /**
     * How the server runs.
     *
     * @param runs the runs folder; run names resolve inside it only
     * @param host the address to bind (127.0.0.1 unless the user says otherwise)
     * @param port the port, 0 for any free one
     * @param token the access token, or {@code null} for a fresh random one
     * @param waitMillis how long a generation request may wait for its model before 503
     * @param maxPending generation requests waiting at once at most (more get 503)
     * @param cachedModels checkpoints kept loaded at most
     */
    public record Options(Path runs, String host, int port, String token, long waitMillis, int maxPending, int cachedModels) {
        /** The defaults for {@code runs}: 127.0.0.1, port 7860, a random token, 60 s wait, 8 pending, 2 models. */
        public static Options defaults(Path runs) {
            return new Options(runs, "127.0.0.1", 7860, null, 60_000, 8, 2);
        }

        public Options withPort(int p) {
            return new Options(runs, host, p, token, waitMillis, maxPending, cachedModels);
        }

        public Options withHost(String h) {
            return new Options(runs, h, port, token, waitMillis, maxPending, cachedModels);
        }

        public Options withWait(long millis, int pending) {
            return new Options(runs, host, port, token, millis, pending, cachedModels);
        }
    }

    /** Images one request may ask for at most (grid cells, walk frames, mixing cells). */
    static final int MAX_IMAGES = 256;
    /** Frames of one walk segment at most. */
    static final int MAX_FRAMES = 128;
    /** An uploaded instance image's bytes at most. */
    static final int MAX_UPLOAD_BYTES = 4 * 1024 * 1024;
    /** An uploaded image's width and height at most, read from its header before decoding. */
    static final int MAX_UPLOAD_SIDE = 2048;
    /** The side of an enlarged image at most. */
    static final int MAX_ENLARGED_SIDE = 2048;

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final Map<String, String[]> STATIC = Map.of(
            "studio.js", new String[] {"/org/gen4j/studio/web/studio.js", "text/javascript; charset=utf-8"},
            "studio.css", new String[] {"/org/gen4j/studio/web/studio.css", "text/css; charset=utf-8"},
            "uPlot.iife.min.js", new String[] {"/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "uPlot.min.css", new String[] {"/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css", "text/css; charset=utf-8"},
            "uPlot-LICENSE.txt", new String[] {"/META-INF/resources/webjars/uplot/1.6.30/LICENSE", "text/plain; charset=utf-8"});

    private final Options options;
    private final RunStore store;
    private final ModelPool pool;
    private final Guard guard;
    private final Javalin app;

    private Studio(Options options) throws IOException {
        Gen4jException.check(Files.isDirectory(options.runs()), "--runs %s is not a folder; train a run first (gen4j train) or name the folder "
                + "that holds your runs.", options.runs());
        this.options = options;
        this.store = new RunStore(options.runs());
        this.pool = new ModelPool(options.cachedModels(), options.waitMillis(), options.maxPending());
        this.guard = new Guard(options.token() == null ? Guard.newToken() : options.token(), options.host());
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = MAX_UPLOAD_BYTES;
            config.routes.before(ctx -> {
                if (ctx.method() == HandlerType.OPTIONS) {
                    throw new StudioException(405, "OPTIONS is not served.");
                }
                guard.check(ctx);
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Cache-Control", "no-store");
                ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; "
                        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
                ctx.header("Referrer-Policy", "no-referrer");
            });
            config.routes.exception(StudioException.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
            config.routes.exception(Gen4jException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
            config.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                    "the server refused the request (" + e.getStatus() + (e.getMessage() == null || e.getMessage().isBlank() ? "" : ": "
                            + clip(e.getMessage()).replaceAll("[.]+$", "")) + ")."));
            config.routes.exception(Exception.class, (e, ctx) -> {
                System.err.println("gen4j studio: " + ctx.method() + " " + ctx.path() + " failed: " + e);
                error(ctx, 500, "the server failed on this request (" + e.getClass().getSimpleName() + "); its log has the details.");
            });
            config.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) {
                    error(ctx, 404, "there is no such page or endpoint.");
                }
            });
            config.routes.get("/", this::page);
            config.routes.get("/static/{file}", this::staticFile);
            config.routes.get("/api/runs", ctx -> {
                JsonArray runs = new JsonArray();
                for (String name : store.names()) {
                    runs.add(store.summary(name));
                }
                json(ctx, runs);
            });
            config.routes.get("/api/runs/{run}", ctx -> json(ctx, store.summary(ctx.pathParam("run"))));
            config.routes.get("/api/runs/{run}/config", ctx -> json(ctx, store.config(ctx.pathParam("run"))));
            config.routes.get("/api/runs/{run}/metrics", ctx -> json(ctx, store.metrics(ctx.pathParam("run"),
                    intParam(ctx, "from", 0, 0, Integer.MAX_VALUE))));
            config.routes.get("/api/runs/{run}/samples", ctx -> {
                JsonObject out = new JsonObject();
                out.add("grids", GSON.toJsonTree(store.grids(ctx.pathParam("run"))));
                json(ctx, out);
            });
            config.routes.get("/api/runs/{run}/samples/{file}", ctx -> {
                Path file = store.grid(ctx.pathParam("run"), ctx.pathParam("file"));
                ctx.contentType("image/png");
                ctx.result(Files.readAllBytes(file));
            });
            config.routes.get("/api/runs/{run}/checkpoints", ctx -> {
                JsonObject out = new JsonObject();
                out.add("checkpoints", GSON.toJsonTree(store.checkpoints(ctx.pathParam("run"))));
                json(ctx, out);
            });
            config.routes.get("/api/runs/{run}/capabilities", ctx -> json(ctx, onModel(ctx, Explorer::capabilities)));
            config.routes.get("/api/runs/{run}/grid", ctx -> {
                long[] seeds = seeds(ctx, "seeds", "0-15");
                Explorer.Settings s = settings(ctx);
                png(ctx, onModel(ctx, m -> Explorer.grid(m, s, seeds)));
            });
            config.routes.get("/api/runs/{run}/image", ctx -> {
                long seed = longParam(ctx, "seed", null);
                Explorer.Settings s = settings(ctx);
                int scale = intParam(ctx, "scale", 1, 1, 64);
                png(ctx, onModel(ctx, m -> {
                    BufferedImage one = Explorer.grid(m, s, new long[] {seed});
                    StudioException.check((long) one.getWidth() * scale <= MAX_ENLARGED_SIDE, "scale %d makes the image larger than %d pixels; "
                            + "ask for a smaller scale.", scale, MAX_ENLARGED_SIDE);
                    return Explorer.enlarge(one, scale);
                }));
            });
            config.routes.get("/api/runs/{run}/interpolate", ctx -> {
                long a = longParam(ctx, "from", null), b = longParam(ctx, "to", null);
                int frames = intParam(ctx, "frames", 16, 1, MAX_FRAMES);
                boolean inW = space(ctx);
                Explorer.Settings s = settings(ctx);
                png(ctx, onModel(ctx, m -> Explorer.interpolate(m, s, a, b, frames, inW)));
            });
            config.routes.get("/api/runs/{run}/classwalk", ctx -> {
                long seed = longParam(ctx, "seed", null);
                int[] walk = classes(ctx, "classes");
                int frames = intParam(ctx, "frames", 8, 1, MAX_FRAMES);
                StudioException.check((long) frames * (walk.length - 1) + 1 <= MAX_IMAGES, "a walk of %d frames between %d classes is more than %d "
                        + "images; ask for fewer.", frames, walk.length, MAX_IMAGES);
                Explorer.Settings s = settings(ctx);
                png(ctx, onModel(ctx, m -> Explorer.classWalk(m, s, seed, walk, frames)));
            });
            config.routes.get("/api/runs/{run}/mix", ctx -> {
                long[] rows = seeds(ctx, "rows", "0-3"), cols = seeds(ctx, "cols", "4-7");
                StudioException.check((long) (rows.length + 1) * (cols.length + 1) <= MAX_IMAGES, "a mixing matrix of %d x %d seeds is more than "
                        + "%d images; ask for fewer.", rows.length, cols.length, MAX_IMAGES);
                int[] layers = layers(ctx);
                Explorer.Settings s = settings(ctx);
                png(ctx, onModel(ctx, m -> Explorer.mix(m, s, rows, cols, layers)));
            });
            config.routes.post("/api/runs/{run}/instance", this::instance);
            config.routes.get("/api/runs/{run}/recipe", this::recipe);
        });
    }

    /** Starts a studio; {@link #url()} says where. */
    public static Studio start(Options options) throws IOException {
        Studio s = new Studio(options);
        s.app.start(options.host(), options.port());
        s.guard.port(s.app.port());
        return s;
    }

    /** The address to open, with the access token. */
    public String url() {
        String h = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return "http://" + h + ":" + app.port() + "/?token=" + guard.token();
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /** The access token. */
    public String token() {
        return guard.token();
    }

    /** The runs folder it serves. */
    public Path runs() {
        return store.root();
    }

    @Override
    public void close() {
        app.stop();
        pool.close();
    }

    /** The warning for listening on {@code host}, or {@code null} for a loopback address. */
    static String bindWarning(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        if (h.equals("127.0.0.1") || h.equals("localhost") || h.equals("::1") || h.equals("[::1]")) {
            return null;
        }
        return "warning: gen4j studio listens on " + host + ", not only on this machine; anyone who can reach it and has the token can "
                + "read your runs and use the CPU, and the traffic is not encrypted.";
    }

    // ---------------------------------------------------------------- handlers

    private void page(Context ctx) throws IOException {
        if (ctx.queryParam("token") != null) {
            // the cookie is set: drop the token from the address bar and the history
            ctx.redirect("/");
            return;
        }
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(resource("/org/gen4j/studio/web/index.html"));
    }

    private void staticFile(Context ctx) throws IOException {
        String[] entry = STATIC.get(ctx.pathParam("file"));
        if (entry == null) {
            throw StudioException.notFound("there is no such file.");
        }
        ctx.contentType(entry[1]);
        ctx.result(resource(entry[0]));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Studio.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new StudioException(500, "the jar lacks " + name + "; rebuild gen4j.");
            }
            return in.readAllBytes();
        }
    }

    /** IC-GAN: images in the neighbourhood of the uploaded image (the request's body, PNG or JPEG). */
    private void instance(Context ctx) throws IOException {
        long[] seeds = seeds(ctx, "seeds", "0-15");
        Explorer.Settings base = settings(ctx);
        long declared = ctx.contentLength();
        StudioException.check(declared <= MAX_UPLOAD_BYTES, "the upload is larger than %d bytes; send a smaller image.", MAX_UPLOAD_BYTES);
        byte[] body = ctx.bodyAsBytes();
        StudioException.check(body.length > 0, "the request carries no image; send a PNG or JPEG as its body.");
        StudioException.check(body.length <= MAX_UPLOAD_BYTES, "the upload is larger than %d bytes; send a smaller image.", MAX_UPLOAD_BYTES);
        BufferedImage image = decodeChecked(body);
        Path tmp = Files.createTempFile("gen4j-studio-instance", ".png");
        try {
            String run = ctx.pathParam("run");
            Path checkpoint = checkpoint(ctx);
            BufferedImage picture = onModel(checkpoint, m -> {
                BufferedImage fitted = toChannels(image, m.generator().imageChannels());
                try {
                    ImageIO.write(fitted, "png", tmp.toFile());
                } catch (IOException e) {
                    throw new StudioException(500, "the upload could not be stored for reading.");
                }
                Explorer.Settings s = base.withInstanceImage(tmp);
                return Explorer.grid(m, s, seeds);
            });
            store.run(run);
            png(ctx, picture);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Decodes an upload after reading its dimensions from the header, so a decompression bomb is refused undecoded. */
    static BufferedImage decodeChecked(byte[] body) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(body))) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            StudioException.check(readers.hasNext(), "the upload is not an image gen4j can read; send a PNG or JPEG.");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                StudioException.check(w >= 1 && h >= 1 && w <= MAX_UPLOAD_SIDE && h <= MAX_UPLOAD_SIDE, "the image is %dx%d; send one of at most "
                        + "%dx%d pixels.", w, h, MAX_UPLOAD_SIDE, MAX_UPLOAD_SIDE);
                BufferedImage image = reader.read(0);
                StudioException.check(image != null, "the upload is not an image gen4j can read; send a PNG or JPEG.");
                return image;
            } catch (IOException | IndexOutOfBoundsException e) {
                throw StudioException.badRequest("the upload is not an image gen4j can read; send a PNG or JPEG.");
            } finally {
                reader.dispose();
            }
        }
    }

    /** The image as 8-bit grayscale or RGB, whichever the model makes. */
    private static BufferedImage toChannels(BufferedImage image, int channels) {
        int type = channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
        java.awt.Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    /**
     * The seeds and settings that reproduce a picture, and the command line that makes it again:
     * {@code kind} is grid, image, interpolate, classwalk, mix or instance, with the same parameters
     * as that endpoint.
     */
    private void recipe(Context ctx) throws IOException {
        String kind = ctx.queryParam("kind");
        Path checkpoint = checkpoint(ctx);
        Explorer.Settings s = settings(ctx);
        JsonObject out = new JsonObject();
        out.addProperty("kind", kind);
        out.addProperty("run", ctx.pathParam("run"));
        out.addProperty("checkpoint", checkpoint.getFileName().toString());
        JsonObject settings = new JsonObject();
        if (s.psi() != null) {
            settings.addProperty("truncation", s.psi());
        }
        if (s.classIndex() != null) {
            settings.addProperty("class", s.classIndex());
        }
        if (s.latentSteps() != null) {
            settings.addProperty("latentSteps", s.latentSteps());
        }
        if (s.temperature() != null) {
            settings.addProperty("temperature", s.temperature());
        }
        if (s.transforms()) {
            settings.addProperty("translateX", s.tx() == null ? 0 : s.tx());
            settings.addProperty("translateY", s.ty() == null ? 0 : s.ty());
            settings.addProperty("rotate", s.rotate() == null ? 0 : s.rotate());
        }
        if (s.instanceIndex() != null) {
            settings.addProperty("instanceIndex", s.instanceIndex());
        }
        String source = "--checkpoint " + quote(checkpoint.toString());
        List<String> cmd = new ArrayList<>();
        switch (kind == null ? "" : kind) {
            case "grid", "instance" -> {
                long[] seeds = seeds(ctx, "seeds", "0-15");
                out.add("seeds", GSON.toJsonTree(seeds));
                cmd.add("./gen4j sample " + source + " --seeds " + seedList(seeds) + " --grid " + kind + ".png");
                cmd.addAll(Explorer.settingsArgs(kind.equals("instance") ? withUpload(s) : s, true));
            }
            case "image" -> {
                long seed = longParam(ctx, "seed", null);
                out.add("seeds", GSON.toJsonTree(new long[] {seed}));
                cmd.add("./gen4j sample " + source + " --seeds " + seed + " --grid seed" + seed + ".png");
                cmd.addAll(Explorer.settingsArgs(s, true));
            }
            case "interpolate" -> {
                long a = longParam(ctx, "from", null), b = longParam(ctx, "to", null);
                int frames = intParam(ctx, "frames", 16, 1, MAX_FRAMES);
                boolean inW = space(ctx);
                out.add("seeds", GSON.toJsonTree(new long[] {a, b}));
                settings.addProperty("frames", frames);
                settings.addProperty("space", inW ? "w" : "z");
                cmd.add("./gen4j interpolate " + source + " --seeds " + a + "," + b + " --frames " + frames + " --space " + (inW ? "w" : "z")
                        + " --out walk.png");
                cmd.addAll(Explorer.settingsArgs(s, false));
            }
            case "classwalk" -> {
                long seed = longParam(ctx, "seed", null);
                int[] walk = classes(ctx, "classes");
                int frames = intParam(ctx, "frames", 8, 1, MAX_FRAMES);
                out.add("seeds", GSON.toJsonTree(new long[] {seed}));
                settings.add("classes", GSON.toJsonTree(walk));
                settings.addProperty("frames", frames);
                StringBuilder c = new StringBuilder();
                for (int w : walk) {
                    c.append(c.length() == 0 ? "" : ",").append(w);
                }
                cmd.add("./gen4j interpolate " + source + " --seeds " + seed + " --classes " + c + " --frames " + frames + " --out classes.png");
                if (s.psi() != null) {
                    cmd.add("--truncation " + s.psi());
                }
            }
            case "mix" -> {
                long[] rows = seeds(ctx, "rows", "0-3"), cols = seeds(ctx, "cols", "4-7");
                int[] layers = layers(ctx);
                out.add("rows", GSON.toJsonTree(rows));
                out.add("cols", GSON.toJsonTree(cols));
                settings.add("styles", GSON.toJsonTree(layers));
                StringBuilder l = new StringBuilder();
                for (int x : layers) {
                    l.append(l.length() == 0 ? "" : ",").append(x);
                }
                cmd.add("./gen4j mix " + source + " --rows " + seedList(rows) + " --cols " + seedList(cols) + " --styles " + l + " --out mix.png");
                if (s.psi() != null) {
                    cmd.add("--truncation " + s.psi());
                }
            }
            default -> throw StudioException.badRequest("kind must be grid, image, interpolate, classwalk, mix or instance, got '%s'.",
                    kind == null ? "" : kind);
        }
        out.add("settings", settings);
        out.addProperty("command", String.join(" ", cmd));
        json(ctx, out);
    }

    private static Explorer.Settings withUpload(Explorer.Settings s) {
        return s.withInstanceImage(Path.of("upload.png"));
    }

    private static String quote(String path) {
        return path.matches("[A-Za-z0-9_./-]+") ? path : "'" + path.replace("'", "'\\''") + "'";
    }

    private static String seedList(long[] seeds) {
        StringBuilder b = new StringBuilder();
        for (long s : seeds) {
            b.append(b.length() == 0 ? "" : ",").append(s);
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- parameters (400 with one sentence)

    private Path checkpoint(Context ctx) throws IOException {
        return store.checkpoint(ctx.pathParam("run"), ctx.queryParam("checkpoint"));
    }

    private <T> T onModel(Context ctx, Function<TrainedModel, T> job) throws IOException {
        return onModel(checkpoint(ctx), job);
    }

    private <T> T onModel(Path checkpoint, Function<TrainedModel, T> job) {
        return pool.call(checkpoint, job);
    }

    /** The view settings of a generation request, checked for form; the model checks the rest. */
    private Explorer.Settings settings(Context ctx) throws IOException {
        Double psi = doubleParam(ctx, "psi", 0, 100);
        Integer steps = intParamOrNull(ctx, "steps", 0, 10_000);
        Double temperature = doubleParam(ctx, "temperature", 1e-3, 10);
        Double tx = doubleParam(ctx, "tx", -100, 100), ty = doubleParam(ctx, "ty", -100, 100);
        Double rotate = doubleParam(ctx, "rotate", -36_000, 36_000);
        Integer instance = intParamOrNull(ctx, "instance", 0, Integer.MAX_VALUE);
        Integer cls = null;
        String c = ctx.queryParam("class");
        if (c != null && !c.isBlank()) {
            cls = classIndex(ctx, c.strip());
        }
        return new Explorer.Settings(psi, cls, steps, temperature, tx, ty, rotate, instance, null);
    }

    /** A class index, or a class name of the run's data. */
    private int classIndex(Context ctx, String c) throws IOException {
        List<String> names = new ArrayList<>();
        JsonElement n = store.config(ctx.pathParam("run")).get("classNames");
        if (n != null && n.isJsonArray()) {
            n.getAsJsonArray().forEach(e -> names.add(e.getAsString()));
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(c)) {
                return i;
            }
        }
        try {
            int i = Integer.parseInt(c);
            StudioException.check(i >= 0, "class %d is unknown; classes are numbered from 0.", i);
            return i;
        } catch (NumberFormatException e) {
            throw StudioException.badRequest("class '%s' is unknown; give an index or one of this run's classes%s.", clip(c),
                    names.isEmpty() ? " (it names none)" : ": " + String.join(", ", names));
        }
    }

    private int[] classes(Context ctx, String name) throws IOException {
        String v = ctx.queryParam(name);
        StudioException.check(v != null && !v.isBlank(), "%s is missing; give two or more classes, e.g. 0,3.", name);
        LinkedHashSet<Integer> out = new LinkedHashSet<>();
        for (String part : v.split(",", 64)) {
            out.add(classIndex(ctx, part.strip()));
        }
        StudioException.check(out.size() >= 2, "%s needs two or more different classes, got '%s'.", name, clip(v));
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] layers(Context ctx) {
        long[] l = seeds(ctx, "styles", "0-3");
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            StudioException.check(l[i] < 1024, "styles layer %d is out of range.", l[i]);
            out[i] = (int) l[i];
        }
        return out;
    }

    private static boolean space(Context ctx) {
        String v = ctx.queryParam("space");
        StudioException.check(v == null || v.equals("z") || v.equals("w"), "space must be z or w, got '%s'.", clip(v));
        return "w".equals(v);
    }

    /** A seed list such as {@code 0-15} or {@code 1,5,9}, at most {@link #MAX_IMAGES} seeds. */
    static long[] seeds(Context ctx, String name, String fallback) {
        String v = ctx.queryParam(name);
        String text = v == null || v.isBlank() ? fallback : v;
        String malformed = String.format("%s '%s' is malformed; use a list like 0-15 or 1,5,9 of non-negative integers.", name, clip(text));
        List<Long> out = new ArrayList<>();
        for (String part : text.split(",", MAX_IMAGES + 2)) {
            String p = part.strip();
            try {
                int dash = p.indexOf('-', 1);
                long a = Long.parseLong(dash < 0 ? p : p.substring(0, dash).strip());
                long b = dash < 0 ? a : Long.parseLong(p.substring(dash + 1).strip());
                StudioException.check(a >= 0 && b >= a, "%s", malformed);
                StudioException.check(out.size() + (b - a + 1) <= MAX_IMAGES, "%s '%s' names more than %d images; ask for fewer.", name, clip(text),
                        MAX_IMAGES);
                for (long s = a; s <= b; s++) {
                    out.add(s);
                }
            } catch (NumberFormatException e) {
                throw StudioException.badRequest("%s", malformed);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static long longParam(Context ctx, String name, Long fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            StudioException.check(fallback != null, "%s is missing; give a non-negative integer.", name);
            return fallback;
        }
        try {
            long x = Long.parseLong(v.strip());
            StudioException.check(x >= 0, "%s must be a non-negative integer, got '%s'.", name, clip(v));
            return x;
        } catch (NumberFormatException e) {
            throw StudioException.badRequest("%s must be a non-negative integer, got '%s'.", name, clip(v));
        }
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        Integer v = intParamOrNull(ctx, name, min, max);
        return v == null ? fallback : v;
    }

    private static Integer intParamOrNull(Context ctx, String name, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            int x = Integer.parseInt(v.strip());
            StudioException.check(x >= min && x <= max, "%s must be between %d and %d, got %d.", name, min, max, x);
            return x;
        } catch (NumberFormatException e) {
            throw StudioException.badRequest("%s must be an integer between %d and %d, got '%s'.", name, min, max, clip(v));
        }
    }

    private static Double doubleParam(Context ctx, String name, double min, double max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        double x;
        try {
            x = Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw StudioException.badRequest("%s must be a number, got '%s'.", name, clip(v));
        }
        StudioException.check(Double.isFinite(x) && x >= min && x <= max, "%s must be a number between %s and %s, got '%s'.", name, fmt(min),
                fmt(max), clip(v));
        return x;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }

    // ---------------------------------------------------------------- answers

    private static void json(Context ctx, JsonElement body) {
        ctx.contentType("application/json; charset=utf-8");
        ctx.result(GSON.toJson(body));
    }

    private static void png(Context ctx, BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        ctx.contentType("image/png");
        ctx.result(out.toByteArray());
    }

    private static void error(Context ctx, int status, String message) {
        JsonObject o = new JsonObject();
        o.addProperty("error", message);
        ctx.status(status);
        ctx.contentType("application/json; charset=utf-8");
        ctx.result(GSON.toJson(o));
    }

    /** Prints the address, and a warning when the server listens beyond this machine. */
    public void announce(PrintWriter out, PrintWriter err) {
        String warning = bindWarning(options.host());
        if (warning != null) {
            err.println(warning);
        }
        out.println("gen4j studio serves " + store.root() + " at");
        out.println("    " + url());
        out.println("Open that address in a browser (the token in it is the password); Ctrl-C stops the server.");
        out.flush();
        err.flush();
    }
}
