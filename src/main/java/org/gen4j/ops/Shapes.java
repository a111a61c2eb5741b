package org.gen4j.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Shape checks at layer boundaries, with messages that name the failing dimension. */
public final class Shapes {

    /** Matches any extent in {@link #check}. */
    public static final long ANY = -1;

    private Shapes() {}

    /**
     * Checks that {@code x} has {@code expected.length} dimensions and that every expected extent
     * other than {@link #ANY} matches.
     *
     * @param x the tensor to check
     * @param what what {@code x} is, for the message, e.g. "generator block 8x8 input"
     * @param expected the expected extents; {@link #ANY} matches anything
     * @return {@code x}, so that checks can wrap expressions
     * @throws IllegalArgumentException naming the first dimension that differs
     */
    public static NDArray check(NDArray x, String what, long... expected) {
        Shape s = x.getShape();
        if (s.dimension() != expected.length) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected %d dimensions %s but got shape %s",
                    what, expected.length, describe(expected), s));
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != ANY && s.get(i) != expected[i]) {
                throw new IllegalArgumentException(String.format(
                        "%s: dimension %d is %d but %d was expected (shape %s, expected %s)",
                        what, i, s.get(i), expected[i], s, describe(expected)));
            }
        }
        return x;
    }

    private static String describe(long[] dims) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(dims[i] == ANY ? "*" : Long.toString(dims[i]));
        }
        return b.append(')').toString();
    }
}
