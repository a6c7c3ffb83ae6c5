package org.stackbake.guest.api;

import org.stackbake.StackbakeException;

/**
 * Loads the libguestfs backend by name, so that render and validate run (and the project builds)
 * on machines without the distribution's libguestfs Java binding.
 */
public final class GuestBackends {
    private static final String IMPLEMENTATION = "org.stackbake.guest.LibguestfsBackend";

    public static GuestBackend load() {
        try {
            return (GuestBackend) Class.forName(IMPLEMENTATION).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw StackbakeException.failure("libguestfs is not available: " + e.getClass().getSimpleName()
                    + ": " + e.getMessage(), "install libguestfs-tools and libguestfs-java (Debian) or libguestfs-java"
                    + " (EL) and run stackbake through the ./stackbake launcher", e);
        }
    }

    private GuestBackends() {}
}
