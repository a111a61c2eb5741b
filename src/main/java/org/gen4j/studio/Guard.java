package org.gen4j.studio;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * The studio's access checks, run before every request. The server binds a loopback address, but
 * any web page the user visits can make their browser send requests to it, so:
 * <ul>
 *   <li>every request must carry the random token printed at start, as the {@code token} query
 *       parameter (the first visit; the answer sets an HttpOnly, SameSite=Strict cookie) or the cookie;</li>
 *   <li>its Host header must name this server ({@code 127.0.0.1:PORT}, {@code localhost:PORT}, or the
 *       {@code --host} given), which defeats DNS rebinding: a page on {@code evil.example} whose name
 *       is re-pointed at 127.0.0.1 still sends {@code Host: evil.example}.</li>
 * </ul>
 */
final class Guard {

    static final String COOKIE = "gen4j_studio_token";

    private final byte[] token;
    private final String tokenText;
    private final Set<String> hosts;
    private int port;

    Guard(String token, String bindHost) {
        this.tokenText = token;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        Set<String> h = new java.util.HashSet<>(Set.of("127.0.0.1", "localhost", "[::1]"));
        String b = bindHost.toLowerCase(Locale.ROOT);
        h.add(b.contains(":") && !b.startsWith("[") ? "[" + b + "]" : b);
        this.hosts = Set.copyOf(h);
    }

    /** A fresh token: 24 random bytes from the system's secure generator, in hex. */
    static String newToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    void port(int port) {
        this.port = port;
    }

    String token() {
        return tokenText;
    }

    /** Refuses (403) a request without the token or whose Host header does not name this server. */
    void check(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || !hostAllowed(host)) {
            throw new StudioException(403, "the Host header does not name this server; open the address gen4j studio printed.");
        }
        String query = ctx.queryParam("token");
        if (query != null && matches(query)) {
            ctx.header("Set-Cookie", COOKIE + "=" + tokenText + "; Path=/; HttpOnly; SameSite=Strict");
            return;
        }
        String cookie = ctx.cookie(COOKIE);
        if (cookie == null || !matches(cookie)) {
            throw new StudioException(403, "a valid access token is needed; open the address with ?token= that gen4j studio printed.");
        }
    }

    private boolean hostAllowed(String host) {
        String h = host.toLowerCase(Locale.ROOT).strip();
        String suffix = ":" + port;
        if (!h.endsWith(suffix)) {
            return false;
        }
        return hosts.contains(h.substring(0, h.length() - suffix.length()));
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }
}
