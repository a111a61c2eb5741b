package org.gen4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.gen4j.Gen4jException;

/**
 * Reads {@code --class} and {@code --classes} values against a run's classes: an index, a class
 * name as the run's data names it (case-insensitive), a comma-separated list of either, or
 * {@code all}.
 */
final class ClassChoice {

    private ClassChoice() {}

    /**
     * The classes {@code spec} names, in its order.
     *
     * @param flag the option, for messages
     * @param names the run's class names (may be empty)
     * @param numClasses the model's classes; 0 for an unconditional model
     * @return {@code null} when {@code spec} is null (no choice made)
     */
    static int[] parse(String spec, String flag, String model, List<String> names, int numClasses) {
        if (spec == null) {
            return null;
        }
        Gen4jException.check(numClasses > 0, "model %s is unconditional; drop %s.", model, flag);
        if (spec.strip().equalsIgnoreCase("all")) {
            int[] all = new int[numClasses];
            for (int c = 0; c < numClasses; c++) {
                all[c] = c;
            }
            return all;
        }
        LinkedHashSet<Integer> out = new LinkedHashSet<>();
        for (String part : spec.split(",")) {
            out.add(one(part.strip(), flag, names, numClasses));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int one(String part, String flag, List<String> names, int numClasses) {
        for (int c = 0; c < names.size(); c++) {
            if (names.get(c).equalsIgnoreCase(part)) {
                return c;
            }
        }
        int c;
        try {
            c = Integer.parseInt(part);
        } catch (NumberFormatException e) {
            throw new Gen4jException(String.format("%s '%s' is neither a class index (0 to %d) nor one of this run's classes: %s.", flag, part,
                    numClasses - 1, describe(names, numClasses)));
        }
        Gen4jException.check(c >= 0 && c < numClasses, "%s %d is out of range; this model has classes 0 to %d: %s.", flag, c,
                numClasses - 1, describe(names, numClasses));
        return c;
    }

    /** {@code 0 T-shirt/top, 1 Trouser, ...}, or the index range when the data names no classes. */
    static String describe(List<String> names, int numClasses) {
        if (names.isEmpty()) {
            return "0 to " + (numClasses - 1);
        }
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            parts.add(c + " " + names.get(c));
        }
        return String.join(", ", parts);
    }
}
