package org.stackbake.files;

/**
 * Cleanup that must also run when the JVM is stopped (Ctrl-C, SIGTERM skip finally blocks): the
 * action is registered as a shutdown hook until {@link #close()} removes it.
 */
public final class ShutdownHook implements AutoCloseable {
    private final Thread thread;

    private ShutdownHook(Runnable action, String name) {
        this.thread = new Thread(action, name);
    }

    /** Registers {@code action} to run at JVM shutdown; name names its thread. */
    public static ShutdownHook register(String name, Runnable action) {
        ShutdownHook hook = new ShutdownHook(action, name);
        Runtime.getRuntime().addShutdownHook(hook.thread);
        return hook;
    }

    /** Unregisters the action (it does not run); during shutdown it runs anyway. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: nothing to remove.
        }
    }
}
