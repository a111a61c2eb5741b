package org.gen4j.metrics;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import org.gen4j.Gen4jException;

/** The metrics gen4j computes, by their command-line names. */
public enum Metric {
    /** Fréchet distance of feature Gaussians. */
    FID,
    /** Kernel distance of features. */
    KID,
    /** Inception Score of class predictions. */
    IS,
    /** Improved precision and recall of feature manifolds. */
    PR,
    /** Multi-scale sliced Wasserstein distance of image patches; needs no network. */
    SWD;

    /** Whether it needs a feature network. */
    public boolean needsFeatures() {
        return this != SWD;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a comma-separated list such as {@code fid,kid,swd}. */
    public static EnumSet<Metric> parse(String list) {
        EnumSet<Metric> out = EnumSet.noneOf(Metric.class);
        for (String part : list.split(",")) {
            String name = part.strip().toUpperCase(Locale.ROOT);
            try {
                out.add(valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new Gen4jException("unknown metric '" + part.strip() + "'; accepted: "
                        + String.join(", ", Arrays.stream(values()).map(Metric::cliName).toList()) + ".");
            }
        }
        return out;
    }
}
