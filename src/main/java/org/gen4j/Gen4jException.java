package org.gen4j;

/**
 * A mistake the user can fix: a missing file, a malformed dataset, an invalid flag.
 *
 * <p>The message is one sentence that names the file, field or value at fault and what would be
 * accepted. The command line prints it without a stack trace and exits non-zero; anything else
 * that escapes is a bug in gen4j and is printed in full.
 */
public class Gen4jException extends RuntimeException {

    public Gen4jException(String message) {
        super(message);
    }

    public Gen4jException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Throws a {@link Gen4jException} with the formatted message unless {@code condition} holds. */
    public static void check(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new Gen4jException(String.format(format, args));
        }
    }
}
