package org.stackbake.base;

import java.io.IOException;

/** A transfer that did not complete, worded for the user; {@code partialKept} says whether a rerun resumes. */
public final class DownloadException extends IOException {
    private final boolean partialKept;

    DownloadException(String message, boolean partialKept, Throwable cause) {
        super(message, cause);
        this.partialKept = partialKept;
    }

    public boolean partialKept() {
        return partialKept;
    }
}
