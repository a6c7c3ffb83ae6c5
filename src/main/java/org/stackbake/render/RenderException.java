package org.stackbake.render;

/** A template that is missing, malformed, or refers to a value the model lacks. */
public final class RenderException extends Exception {
    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
