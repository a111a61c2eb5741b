package org.gen4j.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.gen4j.Gen4jException;

/**
 * The npm packages {@code emoji-datasource-<vendor>} (e.g. {@code emoji-datasource-google}, about
 * 3,800 emoji as 64x64 RGBA PNGs): {@code emoji.json} lists every emoji with its category and
 * image file, skin-tone variations included, and {@code img/<vendor>/64/} holds the images. Each
 * emoji the vendor draws becomes one image, labelled with its category (sorted by name:
 * Activities, Animals &amp; Nature, ...). Transparent pixels are composited onto white, as the
 * emoji are usually shown.
 */
public final class EmojiDatasource {

    private EmojiDatasource() {}

    /** Whether {@code dir} looks like such a package: an {@code emoji.json} and an {@code img} folder. */
    public static boolean isPackage(Path dir) {
        return Files.isRegularFile(dir.resolve("emoji.json")) && Files.isDirectory(dir.resolve("img"));
    }

    public static Dataset read(Path dir) throws IOException {
        String vendor = vendor(dir);
        Path images = dir.resolve("img").resolve(vendor).resolve("64");
        JsonArray entries;
        try {
            entries = JsonParser.parseString(Files.readString(dir.resolve("emoji.json"))).getAsJsonArray();
        } catch (RuntimeException e) {
            throw new Gen4jException(dir.resolve("emoji.json") + " is not the JSON list of emoji an emoji-datasource package has.");
        }
        List<String[]> items = new ArrayList<>(); // {image file, category}
        String flag = "has_img_" + vendor;
        for (JsonElement el : entries) {
            JsonObject e = el.getAsJsonObject();
            String category = e.has("category") ? e.get("category").getAsString() : "Uncategorised";
            add(items, e, flag, category);
            if (e.has("skin_variations") && e.get("skin_variations").isJsonObject()) {
                for (Map.Entry<String, JsonElement> v : e.getAsJsonObject("skin_variations").entrySet()) {
                    add(items, v.getValue().getAsJsonObject(), flag, category);
                }
            }
        }
        Gen4jException.check(!items.isEmpty(), "%s lists no emoji with %s images.", dir.resolve("emoji.json"), vendor);
        List<String> classes = new ArrayList<>(new TreeSet<>(items.stream().map(i -> i[1]).toList()));
        DecodedImages decoded = new DecodedImages();
        for (String[] item : items) {
            Path file = images.resolve(item[0]);
            Gen4jException.check(Files.isRegularFile(file), "%s lists %s, which is missing.", dir.resolve("emoji.json"), file);
            decoded.add(Files.readAllBytes(file), file.toString(), classes.indexOf(item[1]));
        }
        return decoded.build(dir.toString(), true, classes);
    }

    private static void add(List<String[]> items, JsonObject e, String flag, String category) {
        if (e.has("image") && e.has(flag) && e.get(flag).getAsBoolean()) {
            items.add(new String[] {e.get("image").getAsString(), category});
        }
    }

    /** The vendor whose 64-pixel images the package holds ({@code img/<vendor>/64}). */
    private static String vendor(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("img"))) {
            List<String> vendors = s.filter(p -> Files.isDirectory(p.resolve("64"))).map(p -> p.getFileName().toString()).sorted().toList();
            Gen4jException.check(!vendors.isEmpty(), "%s has no img/<vendor>/64 folder of emoji images.", dir);
            return vendors.get(0);
        }
    }
}
