package org.gen4j.cli;

import org.gen4j.Gen4jException;

/**
 * Range checks the commands run on their numeric flags before they load a run or open data, so a
 * bad value is refused by name at once ({@code null}: the flag was not given).
 */
final class Flags {

    private Flags() {}

    /** An integer flag of at least {@code min}. */
    static void atLeast(Integer value, int min, String flag) {
        Gen4jException.check(value == null || value >= min, "%s must be at least %d, got %d.", flag, min, value);
    }

    /** An integer flag of at least 0. */
    static void notNegative(Integer value, String flag) {
        Gen4jException.check(value == null || value >= 0, "%s must not be negative, got %d.", flag, value);
    }

    /** The truncation flags common to sample, interpolate and mix; the model decides the rest of their range. */
    static void truncation(Double psi, Integer cutoff) {
        Gen4jException.check(psi == null || Double.isFinite(psi) && psi >= 0, "--truncation must be a finite number, not negative, got %s.",
                psi);
        notNegative(cutoff, "--truncation-cutoff");
    }
}
