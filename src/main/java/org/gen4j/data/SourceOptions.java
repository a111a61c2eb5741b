package org.gen4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gen4j.Gen4jException;

/**
 * The options after {@code #} in {@code --data PATH#opt,opt} ({@code cifar-100-python#coarse},
 * {@code stl10_binary#train}, {@code celeba#Male,test}): each reader takes the ones it knows and
 * refuses the rest by name.
 */
record SourceOptions(List<String> values) {

    static final SourceOptions NONE = new SourceOptions(List.of());

    static SourceOptions parse(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return new SourceOptions(List.copyOf(out));
    }

    /** The one option of {@code choices} given, or {@code fallback}; two of them are refused. */
    String pick(String what, Set<String> choices, String fallback) {
        List<String> given = values.stream().filter(choices::contains).toList();
        Gen4jException.check(given.size() <= 1, "%s takes one %s, got %s.", what, String.join(" or ", choices.stream().sorted().toList()),
                String.join(" and ", given));
        return given.isEmpty() ? fallback : given.get(0);
    }

    /** Refuses any option outside {@code known} (a set of words) and {@code free} (options the reader matched itself). */
    void checkOnly(String what, Set<String> known, List<String> free) {
        for (String v : values) {
            Gen4jException.check(known.contains(v) || free.contains(v), "%s does not take the option '%s'; it takes %s.", what, v,
                    String.join(", ", known.stream().sorted().toList()));
        }
    }
}
