package org.stackbake.boot;

/** One line for an I/O failure of a probe client, taking the first message along the cause chain. */
final class ProbeErrors {

    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        // Java's HTTP client reports a refused connection as a ConnectException without any message.
        return e.getClass().getSimpleName() + (e instanceof java.net.ConnectException ? ": cannot connect" : "");
    }

    private ProbeErrors() {}
}
