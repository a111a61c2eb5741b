package org.gen4j.data;

import java.nio.file.Path;

/**
 * gen4j's per-user cache: the system property {@code gen4j.cache}, else {@code $GEN4J_CACHE}, else
 * {@code $XDG_CACHE_HOME/gen4j}, else {@code ~/.cache/gen4j}.
 */
public final class CacheDir {

    private CacheDir() {}

    public static Path get() {
        String property = System.getProperty("gen4j.cache");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String explicit = System.getenv("GEN4J_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("gen4j");
    }
}
