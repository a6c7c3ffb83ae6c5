package org.stackbake.guest.api;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.stackbake.StackbakeException;

/**
 * Finds the guest backend as a {@link ServiceLoader} provider (the libguestfs one is registered in
 * META-INF/services), so this package names no implementation and render and validate run (and the
 * project builds) on machines without the distribution's libguestfs Java binding.
 */
public final class GuestBackends {

    public static GuestBackend load() {
        try {
            return ServiceLoader.load(GuestBackend.class).findFirst().orElseThrow(
                    () -> new ServiceConfigurationError("no " + GuestBackend.class.getName() + " provider"));
        } catch (ServiceConfigurationError | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw StackbakeException.failure("libguestfs is not available: " + cause.getClass().getSimpleName()
                    + ": " + cause.getMessage(), "install libguestfs-tools and libguestfs-java (Debian) or libguestfs-java"
                    + " (EL) and run stackbake through the ./stackbake launcher", e);
        }
    }

    private GuestBackends() {}
}
