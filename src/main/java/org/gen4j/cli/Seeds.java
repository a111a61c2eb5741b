package org.gen4j.cli;

import java.util.ArrayList;
import java.util.List;
import org.gen4j.Gen4jException;

/** Parses seed lists such as {@code 0-63}, {@code 1,5,9} or {@code 0-3,10}. */
final class Seeds {

    private static final int MAX = 100_000;

    private Seeds() {}

    static long[] parse(String text, String option) {
        List<Long> out = new ArrayList<>();
        String malformed = option + " '" + text + "' is malformed; use a list like 0-63 or 1,5,9 of non-negative integers.";
        if (text == null || text.isBlank()) {
            throw new Gen4jException(malformed);
        }
        for (String part : text.split(",")) {
            String p = part.strip();
            try {
                int dash = p.indexOf('-', 1);
                long a = Long.parseLong(dash < 0 ? p : p.substring(0, dash).strip());
                long b = dash < 0 ? a : Long.parseLong(p.substring(dash + 1).strip());
                Gen4jException.check(a >= 0 && b >= a, "%s", malformed);
                Gen4jException.check(out.size() + (b - a + 1) <= MAX, "%s '%s' names more than %d seeds.", option, text, MAX);
                for (long s = a; s <= b; s++) {
                    out.add(s);
                }
            } catch (NumberFormatException e) {
                throw new Gen4jException(malformed);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
