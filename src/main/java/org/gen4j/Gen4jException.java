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

    /**
     * What went wrong in {@code e}, for a message: its text, or where it has none (a refused
     * connection, an unknown host) its kind and its causes', e.g. {@code ConnectException}.
     */
    public static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 300; t = t.getCause()) {
            String text = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName()
                    : t instanceof java.net.UnknownHostException ? "unknown host " + t.getMessage() : t.getMessage();
            if (out.indexOf(text) < 0) {
                out.append(out.length() == 0 ? "" : ": ").append(text);
            }
        }
        return out.toString();
    }

    /**
     * The first line of a library's message (libtorch's errors run to a stack of C++ frames), at
     * most 200 characters, to quote it inside one sentence; "unreadable" where there is none.
     */
    public static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.strip().split("\n")[0];
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
