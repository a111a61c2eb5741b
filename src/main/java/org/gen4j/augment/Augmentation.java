package org.gen4j.augment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.gen4j.Gen4jException;

/**
 * The {@code --augment} values: {@code none}, {@code diffaug[=color,translation,cutout]} (DiffAugment
 * with the policies given, all three by default) and {@code ada[=blit,geom,color]} (ADA with the
 * groups given, all three by default), with ADA's target from {@code --ada-target}.
 */
public final class Augmentation {

    private Augmentation() {}

    /** The default: no augmentation. */
    public static final String NONE = "none";

    /** An augmenter for a value {@link #canonical} accepts; ADA starts at p = 0. */
    public static Augmenter create(String value, double adaTarget) {
        return create(value, adaTarget, 0);
    }

    /** {@link #create(String, double)} with ADA starting at {@code adaP} in [0, 1] (what {@code bench} times). */
    public static Augmenter create(String value, double adaTarget, double adaP) {
        Gen4jException.check(adaP >= 0 && adaP <= 1, "--ada-p must be between 0 and 1, got %s.", adaP);
        String spec = canonical(value);
        checkTarget(adaTarget);
        if (spec.equals(NONE)) {
            return Augmenter.NONE;
        }
        String[] parts = spec.split("=", 2);
        if (parts[0].equals("diffaug")) {
            return new DiffAugment(Arrays.stream(parts[1].split(",")).map(v -> DiffAugment.Policy.valueOf(v.toUpperCase(Locale.ROOT))).toList());
        }
        Set<Ada.Group> groups = EnumSet.noneOf(Ada.Group.class);
        Arrays.stream(parts[1].split(",")).forEach(v -> groups.add(Ada.Group.valueOf(v.toUpperCase(Locale.ROOT))));
        return new Ada(groups, adaTarget, adaP);
    }

    /**
     * The value in canonical form ({@code diffaug} becomes {@code diffaug=color,translation,cutout}),
     * or a one-sentence error naming what is accepted.
     */
    public static String canonical(String value) {
        String v = value == null ? NONE : value.strip().toLowerCase(Locale.ROOT);
        String[] parts = v.split("=", 2);
        switch (parts[0]) {
            case NONE -> {
                Gen4jException.check(parts.length == 1, "--augment none takes no list, got '%s'.", value);
                return NONE;
            }
            case "diffaug" -> {
                List<String> accepted = Arrays.stream(DiffAugment.Policy.values()).map(DiffAugment.Policy::cliName).toList();
                return "diffaug=" + String.join(",", items(parts, accepted, "DiffAugment policy"));
            }
            case "ada" -> {
                List<String> accepted = Arrays.stream(Ada.Group.values()).map(Ada.Group::cliName).toList();
                List<String> given = items(parts, accepted, "ADA transform group");
                // the pipeline's order, whatever the order given
                return "ada=" + accepted.stream().filter(given::contains).collect(Collectors.joining(","));
            }
            default -> throw new Gen4jException("unknown --augment '" + value
                    + "'; accepted: none, diffaug[=color,translation,cutout], ada[=blit,geom,color].");
        }
    }

    /** Refuses an ADA target outside (0, 1). */
    public static void checkTarget(double target) {
        Gen4jException.check(target > 0 && target < 1, "--ada-target must be between 0 and 1 (exclusive), got %s.", target);
    }

    private static List<String> items(String[] parts, List<String> accepted, String what) {
        if (parts.length == 1) {
            return accepted;
        }
        List<String> out = new ArrayList<>();
        for (String item : parts[1].split(",", -1)) {
            String t = item.strip();
            Gen4jException.check(accepted.contains(t), "unknown %s '%s'; accepted: %s.", what, t, String.join(", ", accepted));
            Gen4jException.check(!out.contains(t), "%s '%s' is given twice.", what, t);
            out.add(t);
        }
        return out;
    }
}
