package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.stackbake.cli.CliRunner;
import org.stackbake.files.FileTrees;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.AccelMemory;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.CacheDirs;

/**
 * Shared by the libguestfs tests: the synthetic bases live where `build` caches them, so the
 * whole suite (and later runs on the same machine) pays for making each one only once.
 */
final class GuestTestSupport {
    static final CacheDirs CACHE = CacheDirs.fromSystem();

    /** The cached synthetic base of the flavor, made now if missing (one appliance launch). */
    static Path syntheticBase(String flavor) throws Exception {
        return cached(CACHE.syntheticBase(flavor), image -> {
            new LibguestfsBackend().createSyntheticBase(flavor, image, Accel.AUTO, line -> { });
            CACHE.sweepOlderSyntheticBases(flavor);
        });
    }

    /** The cached synthetic Rocky 9 base that also carries real server programs ({@link ServerPrograms}). */
    static Path syntheticBaseWithServers() throws Exception {
        return cached(CACHE.root().resolve("synthetic-test").resolve(ServerPrograms.baseName()),
                image -> SyntheticBase.create(SyntheticBase.Flavor.ROCKY_9, image, new ServerPrograms()));
    }

    /** A fresh qcow2 overlay of base at target, for a test that edits the guest without touching the base. */
    static Path overlayOf(Path base, Path target) throws Exception {
        Process create = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b",
                base.toString(), target.toString()).inheritIO().start();
        if (create.waitFor() != 0) {
            throw new IllegalStateException("qemu-img create failed for an overlay of " + base);
        }
        return target;
    }

    private interface Maker {
        void make(Path image) throws Exception;
    }

    private static Path cached(Path image, Maker maker) throws Exception {
        if (!Files.isRegularFile(image)) {
            Files.createDirectories(image.getParent());
            maker.make(image);
        }
        return image;
    }

    /** The accelerator the product would pick now (TCG once KVM failed on this host). */
    static Accel accel() {
        return AccelMemory.atDefaultLocation().choose(Accel.AUTO, line -> { });
    }

    /**
     * The synthetic bases (other than the bootable one) have no dnf and declare no service packages,
     * so a build-time install cannot run on them: tests that are about something else build the
     * shipped controller with its packages left to first boot.
     */
    static final String INSTALL_AT_FIRST_BOOT = "install: firstboot\n";

    /** The shipped epoxy controller, copied into dir, with install: firstboot. */
    static Path shippedControllerInstalledAtFirstBoot(Path dir) throws IOException {
        return controllerWith(Files.createDirectories(dir), INSTALL_AT_FIRST_BOOT);
    }

    /** Copies the shipped epoxy definitions into dir and appends YAML to the controller. */
    static Path controllerWith(Path dir, String extraYaml) throws IOException {
        Files.copy(Path.of("images/epoxy/site.yaml"), dir.resolve("site.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path controller = dir.resolve("controller.yaml");
        Files.writeString(controller, Files.readString(Path.of("images/epoxy/controller.yaml")) + extraYaml);
        return controller;
    }

    /** Asserts that the build succeeded, then opens its qcow2 output read-only for the tests to inspect (one appliance launch). */
    static GuestSession openOutput(CliRunner.Result build, Path output) throws ClassNotFoundException {
        assertEquals(0, build.exitCode(), build.out() + build.err());
        return new LibguestfsBackend().open(output, "qcow2", true, accel(), line -> { });
    }

    /** The @AfterAll of a test class that builds once: closes what it opened (if it got that far) and deletes its work directory. */
    static void closeAndDelete(AutoCloseable opened, Path work) throws Exception {
        if (opened != null) {
            opened.close();
        }
        FileTrees.delete(work);
    }

    private GuestTestSupport() {}
}
