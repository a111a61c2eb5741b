package org.gen4j.models.vdvae;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gen4j.Gen4jException;

/**
 * VDVAE's block layouts in the paper's notation (Child 2021, appendix, and the official
 * {@code hps.py}), comma-separated tokens:
 * <ul>
 *   <li>encoder: {@code RxN} N residual blocks at R x R; {@code RdK} one block at R x R followed by
 *       average pooling by K; {@code R} one block;</li>
 *   <li>decoder: {@code RxN} N top-down blocks at R x R; {@code RmM} one block at R x R whose input
 *       also gets the state of resolution M unpooled to R (nearest neighbour); {@code R} one block.</li>
 * </ul>
 * A layout is checked against the image side: the encoder starts at the image's resolution and
 * may only pool by factors that divide it; every decoder resolution needs an encoder activation at
 * that resolution, a mix-in resolution must have been decoded before, and the last decoder block
 * works at the image's resolution.
 *
 * @param encoder the encoder's blocks in order
 * @param decoder the decoder's blocks in order, top (coarsest) first
 */
public record BlockLayout(List<EncoderBlock> encoder, List<DecoderBlock> decoder) {

    /** One encoder block at {@code resolution}, pooled by {@code downRate} afterwards (1: none). */
    public record EncoderBlock(int resolution, int downRate) {}

    /** One decoder block at {@code resolution}, mixing in the state at {@code mixin} (0: none). */
    public record DecoderBlock(int resolution, int mixin) {}

    private static final Pattern TOKEN = Pattern.compile("([1-9][0-9]{0,4})(?:([xdm])([1-9][0-9]{0,4}))?");

    public BlockLayout {
        encoder = List.copyOf(encoder);
        decoder = List.copyOf(decoder);
    }

    /**
     * Parses and checks both layouts for images of side {@code resolution}.
     *
     * @throws Gen4jException naming the token or resolution at fault
     */
    public static BlockLayout parse(String encBlocks, String decBlocks, int resolution) {
        List<EncoderBlock> enc = new ArrayList<>();
        Set<Integer> activations = new TreeSet<>(java.util.Comparator.reverseOrder());
        int res = resolution;
        activations.add(res);
        for (String token : tokens("encBlocks", encBlocks)) {
            int[] t = token("encBlocks", token, "RxN, RdK or R");
            Gen4jException.check(t[1] != 'm', "encBlocks token '%s' does not parse: the encoder takes RxN, RdK or R (m mixes in, in decBlocks).",
                    token);
            Gen4jException.check(t[0] == res, "encBlocks token '%s' works at %dx%d, but the encoder is at %dx%d there (images are %dx%d).",
                    token, t[0], t[0], res, res, resolution, resolution);
            int count = t[1] == 'x' ? t[2] : 1;
            int down = t[1] == 'd' ? t[2] : 1;
            Gen4jException.check(res % down == 0, "encBlocks token '%s' pools %dx%d by %d, which does not divide it.", token, res, res, down);
            for (int i = 0; i < count; i++) {
                enc.add(new EncoderBlock(res, down));
            }
            res /= down;
            activations.add(res);
        }
        List<DecoderBlock> dec = new ArrayList<>();
        Set<Integer> decoded = new TreeSet<>();
        for (String token : tokens("decBlocks", decBlocks)) {
            int[] t = token("decBlocks", token, "RxN, RmM or R");
            Gen4jException.check(t[1] != 'd', "decBlocks token '%s' does not parse: the decoder takes RxN, RmM or R (d pools, in encBlocks).",
                    token);
            Gen4jException.check(activations.contains(t[0]), "decBlocks token '%s' works at %dx%d, but the encoder has activations only at %s.",
                    token, t[0], t[0], activations);
            int mixin = t[1] == 'm' ? t[2] : 0;
            if (mixin > 0) {
                Gen4jException.check(mixin < t[0] && t[0] % mixin == 0,
                        "decBlocks token '%s' mixes %dx%d into %dx%d; the mix-in must be a smaller resolution dividing it.", token, mixin, mixin,
                        t[0], t[0]);
                Gen4jException.check(decoded.contains(mixin), "decBlocks token '%s' mixes in %dx%d, which no earlier decoder block makes.", token,
                        mixin, mixin);
            }
            int count = t[1] == 'x' ? t[2] : 1;
            for (int i = 0; i < count; i++) {
                dec.add(new DecoderBlock(t[0], mixin));
            }
            decoded.add(t[0]);
        }
        int last = dec.get(dec.size() - 1).resolution();
        Gen4jException.check(last == resolution, "decBlocks ends at %dx%d, but the images are %dx%d; its last block must work at the image's size.",
                last, last, resolution, resolution);
        return new BlockLayout(enc, dec);
    }

    /** The decoder's resolutions, ascending. */
    public List<Integer> decoderResolutions() {
        return decoder.stream().map(DecoderBlock::resolution).distinct().sorted().toList();
    }

    /**
     * The layouts of the benchmark anchor ({@code vdvae_step.py}) generalised to any image side:
     * encoder {@code Rx3,Rd2} down to 8, then {@code 4x3,4d4,1x3}; decoder {@code 1x1,4m1,4x2},
     * then {@code Rm(R/2),Rx2} up to the image side. At 32x32 these are the anchor's strings.
     *
     * @return {@code [encBlocks, decBlocks]}
     */
    public static String[] anchorLayout(int resolution) {
        StringBuilder enc = new StringBuilder(), dec = new StringBuilder("1x1,4m1,4x2");
        for (int r = resolution; r >= 8; r /= 2) {
            enc.append(r).append("x3,").append(r).append("d2,");
        }
        enc.append("4x3,4d4,1x3");
        for (int r = 8; r <= resolution; r *= 2) {
            dec.append(',').append(r).append('m').append(r / 2).append(',').append(r).append("x2");
        }
        return new String[] {enc.toString(), dec.toString()};
    }

    private static String[] tokens(String name, String layout) {
        Gen4jException.check(layout != null && !layout.isBlank(), "%s is empty; give comma-separated blocks such as 32x3,32d2.", name);
        String[] parts = layout.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].strip();
        }
        return parts;
    }

    /** {@code [R, kind ('x', 'd', 'm' or 0), N]}. */
    private static int[] token(String name, String token, String accepted) {
        Matcher m = TOKEN.matcher(token);
        Gen4jException.check(m.matches(), "%s token '%s' does not parse; accepted: %s with positive integers, e.g. 32x3.", name, token, accepted);
        int r = Integer.parseInt(m.group(1));
        Gen4jException.check(Integer.bitCount(r) == 1, "%s token '%s' names resolution %d, which is not a power of two.", name, token, r);
        return new int[] {r, m.group(2) == null ? 0 : m.group(2).charAt(0), m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
    }
}
