package org.gen4j.studio;

/** A request the studio answers with {@code status} and one sentence, never a stack trace. */
final class StudioException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;

    StudioException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static StudioException badRequest(String format, Object... args) {
        return new StudioException(400, String.format(format, args));
    }

    static StudioException notFound(String format, Object... args) {
        return new StudioException(404, String.format(format, args));
    }

    static void check(boolean condition, String format, Object... args) {
        if (!condition) {
            throw badRequest(format, args);
        }
    }
}
