package org.gen4j.api;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.gen4j.Gen4jException;
import org.gen4j.io.AtomicFiles;
import org.gen4j.train.Checkpoints;

/**
 * One self-contained HTML page about a run, to share it: the resolved configuration, a chart per
 * logged value (losses, regularisers, metrics, throughput) against kimg, the sample-grid history
 * with a slider, the final values, the training time and, if the run folder holds
 * {@code bench.json} ({@code gen4j bench ... --json > RUN/bench.json}), the bench figures. Images
 * are inline PNG data and charts inline SVG, so the file needs nothing else.
 */
public final class RunReport {

    private static final List<String> NOT_CHARTED = List.of("imagesSeen", "kimg", "step");

    private RunReport() {}

    /**
     * Writes the report of {@code run} to {@code out}, atomically.
     *
     * @param run a run folder
     * @param out the HTML file to write
     * @return how many charts and grids the page shows, as {@code {charts, grids}}
     * @throws IOException if the run cannot be read or the page written
     * @throws Gen4jException if {@code run} is not a run folder
     */
    public static int[] write(Path run, Path out) throws IOException {
        Path config = run.resolve("config.json");
        Gen4jException.check(Files.isRegularFile(config), "%s is not a gen4j run (it has no config.json).", run);
        JsonObject cfg = JsonParser.parseString(Files.readString(config)).getAsJsonObject();
        List<JsonObject> lines = metrics(run.resolve("metrics.jsonl"));
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        Map<String, Double> last = new LinkedHashMap<>();
        double seconds = 0, previousKimg = 0;
        for (JsonObject line : lines) {
            double kimg = line.get("kimg").getAsDouble();
            for (Map.Entry<String, JsonElement> e : line.entrySet()) {
                if (NOT_CHARTED.contains(e.getKey()) || !e.getValue().isJsonPrimitive() || !e.getValue().getAsJsonPrimitive().isNumber()) {
                    continue;
                }
                double v = e.getValue().getAsDouble();
                series.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new double[] {kimg, v});
                last.put(e.getKey(), v);
            }
            if (line.has("imagesPerSecond") && line.get("imagesPerSecond").getAsDouble() > 0) {
                seconds += (kimg - previousKimg) * 1000 / line.get("imagesPerSecond").getAsDouble();
                previousKimg = kimg;
            }
        }
        List<Path> grids = new ArrayList<>();
        Path samples = run.resolve("samples");
        if (Files.isDirectory(samples)) {
            try (Stream<Path> s = Files.list(samples)) {
                s.filter(p -> p.getFileName().toString().matches("fakes-.*kimg\\.png")).sorted().forEach(grids::add);
            }
        }
        StringBuilder h = new StringBuilder();
        String model = cfg.has("model") ? cfg.get("model").getAsString() : "?";
        String data = cfg.has("data") ? cfg.get("data").getAsString() : "?";
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>gen4j run: ").append(esc(model)).append(" on ")
                .append(esc(data)).append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:70em}"
                        + "svg{background:#fafafa;border:1px solid #ddd;margin:4px}figure{display:inline-block;margin:4px}"
                        + "pre{background:#f4f4f4;padding:1em;overflow:auto}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ddd;padding:2px 8px;text-align:right}img{image-rendering:pixelated}</style>"
                        + "</head><body>\n");
        h.append("<h1>").append(esc(model)).append(" on ").append(esc(data)).append("</h1>\n");
        Checkpoints.Info latest = latest(run);
        h.append("<p>").append(lines.isEmpty() ? "no metrics logged yet" : String.format(Locale.ROOT, "%.1f kimg logged in %d lines",
                previousKimg, lines.size()));
        h.append(String.format(Locale.ROOT, "; training time %s (from the logged images per second)", duration(seconds)));
        if (latest != null) {
            h.append(String.format(Locale.ROOT, "; newest checkpoint %s at %.1f kimg", esc(latest.json().getFileName().toString()),
                    latest.imagesSeen() / 1000.0));
        }
        h.append(".</p>\n");
        h.append("<h2>Final values</h2>\n<table><tr><th>value</th><th>last logged</th></tr>\n");
        last.forEach((k, v) -> h.append("<tr><td style=\"text-align:left\">").append(esc(k)).append("</td><td>")
                .append(String.format(Locale.ROOT, "%.5g", v)).append("</td></tr>\n"));
        h.append("</table>\n<h2>Curves</h2>\n");
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            h.append(chart(e.getKey(), e.getValue()));
        }
        h.append("\n<h2>Sample grids</h2>\n");
        if (grids.isEmpty()) {
            h.append("<p>no sample grids yet</p>\n");
        } else {
            h.append("<input type=\"range\" id=\"grid\" min=\"0\" max=\"").append(grids.size() - 1).append("\" value=\"")
                    .append(grids.size() - 1).append("\" oninput=\"show(this.value)\"> <span id=\"gridName\"></span>\n<div>\n");
            for (int i = 0; i < grids.size(); i++) {
                byte[] png = Files.readAllBytes(grids.get(i));
                h.append("<img class=\"grid\" alt=\"").append(esc(grids.get(i).getFileName().toString())).append("\" width=\"")
                        .append(2 * pngWidth(png)).append("\" style=\"display:")
                        .append(i == grids.size() - 1 ? "block" : "none").append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
            }
            h.append("</div>\n<script>function show(i){var g=document.getElementsByClassName('grid');for(var k=0;k<g.length;k++)"
                    + "{g[k].style.display=k==i?'block':'none';}document.getElementById('gridName').textContent=g[i].alt;}"
                    + "show(").append(grids.size() - 1).append(");</script>\n");
        }
        Path bench = run.resolve("bench.json");
        if (Files.isRegularFile(bench)) {
            h.append("<h2>Bench</h2>\n<pre>").append(esc(pretty(Files.readString(bench)))).append("</pre>\n");
        }
        h.append("<h2>Configuration</h2>\n<pre>").append(esc(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(cfg))).append("</pre>\n");
        h.append("</body></html>\n");
        AtomicFiles.write(out, h.toString().getBytes(StandardCharsets.UTF_8));
        return new int[] {series.size(), grids.size()};
    }

    /** A PNG's width from its IHDR chunk (shown at twice its size: sample grids are small). */
    private static int pngWidth(byte[] png) {
        return png.length < 24 ? 0 : java.nio.ByteBuffer.wrap(png, 16, 4).getInt();
    }

    private static Checkpoints.Info latest(Path run) {
        try {
            return Checkpoints.latest(run.resolve("checkpoints"));
        } catch (Gen4jException e) {
            return null; // no intact checkpoint yet: the report says so by leaving it out
        }
    }

    private static List<JsonObject> metrics(Path file) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            try {
                JsonElement e = JsonParser.parseString(line);
                if (e.isJsonObject() && e.getAsJsonObject().has("kimg")) {
                    out.add(e.getAsJsonObject());
                }
            } catch (RuntimeException torn) {
                // a line cut short by a kill; the reader skips it as resume does
            }
        }
        return out;
    }

    /** A line chart of {@code points} ({kimg, value}) as inline SVG, with its range labelled. */
    static String chart(String name, List<double[]> points) {
        int w = 320, hgt = 160, pad = 30;
        double x0 = points.get(0)[0], x1 = points.get(points.size() - 1)[0], y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (double[] p : points) {
            if (Double.isFinite(p[1])) {
                y0 = Math.min(y0, p[1]);
                y1 = Math.max(y1, p[1]);
            }
        }
        if (!(y1 > y0)) {
            y0 = Double.isFinite(y0) ? y0 - 1 : 0;
            y1 = y0 + 2;
        }
        double sx = x1 > x0 ? (w - 2 * pad) / (x1 - x0) : 0, sy = (hgt - 2 * pad) / (y1 - y0);
        StringBuilder poly = new StringBuilder();
        for (double[] p : points) {
            if (Double.isFinite(p[1])) {
                poly.append(String.format(Locale.ROOT, "%.1f,%.1f ", pad + (p[0] - x0) * sx, hgt - pad - (p[1] - y0) * sy));
            }
        }
        return String.format(Locale.ROOT, "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">"
                + "<title>%s</title><text x=\"%d\" y=\"16\" font-size=\"13\">%s</text>"
                + "<text x=\"2\" y=\"%d\" font-size=\"10\">%.4g</text><text x=\"2\" y=\"%d\" font-size=\"10\">%.4g</text>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"10\">%.4g kimg</text><text x=\"%d\" y=\"%d\" font-size=\"10\">%.4g</text>"
                + "<polyline fill=\"none\" stroke=\"#1f6fb4\" stroke-width=\"1.5\" points=\"%s\"/></svg></figure>\n", w, hgt, esc(name), pad,
                esc(name), pad + 4, y1, hgt - pad, y0, w - pad - 50, hgt - 8, x1, pad, hgt - 8, x0, poly.toString().strip());
    }

    private static String pretty(String json) {
        try {
            return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(JsonParser.parseString(json));
        } catch (RuntimeException e) {
            return json;
        }
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
