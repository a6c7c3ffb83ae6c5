package org.stackbake;

/**
 * A failure the user should read: what went wrong, a hint, and whether it was their input
 * (exit 2) or the build itself (exit 1). The CLI maps it to a one-line message and exit code.
 */
public class StackbakeException extends RuntimeException {
    public enum Kind { INVALID_INPUT, FAILURE }

    private final Kind kind;
    private final String hint;

    public StackbakeException(Kind kind, String message, String hint) {
        this(kind, message, hint, null);
    }

    public StackbakeException(Kind kind, String message, String hint, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.hint = hint == null ? "" : hint;
    }

    public static StackbakeException invalidInput(String message, String hint) {
        return new StackbakeException(Kind.INVALID_INPUT, message, hint);
    }

    public static StackbakeException failure(String message, String hint, Throwable cause) {
        return new StackbakeException(Kind.FAILURE, message, hint, cause);
    }

    public Kind kind() {
        return kind;
    }

    public String hint() {
        return hint;
    }
}
