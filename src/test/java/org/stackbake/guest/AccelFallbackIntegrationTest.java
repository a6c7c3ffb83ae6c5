package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `--accel auto` on a host where KVM launches fail: a hypervisor wrapper refuses any KVM launch
 * (as nested KVM does on CI machines) and passes everything else to the real qemu. The build must
 * retry once with TCG, say so, succeed, and remember the failure for later launches.
 */
class AccelFallbackIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void autoFallsBackToTcgOnceAndRemembersIt() throws Exception {
        Path base = GuestTestSupport.syntheticBase("rocky-9");
        Path qemu = dir.resolve("qemu-refusing-kvm");
        Files.writeString(qemu, """
                #!/bin/sh
                # Feature probes ask for accel=kvm:tcg and pass; a launch that insists on KVM fails.
                for arg; do
                  if [ "$arg" = accel=kvm ]; then echo "qemu-refusing-kvm: KVM launch refused" >&2; exit 1; fi
                done
                exec qemu-system-x86_64 "$@"
                """);
        Files.setPosixFilePermissions(qemu, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Path output = dir.resolve("controller.qcow2");

        ProcessBuilder build = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.library.path=" + System.getProperty("java.library.path"),
                "-cp", System.getProperty("java.class.path"), "org.stackbake.cli.Main",
                "build", GuestTestSupport.shippedControllerInstalledAtFirstBoot(dir.resolve("def")).toString(),
                "--base", base.toString(), "-o", output.toString(),
                "--accel", "auto").redirectErrorStream(true);
        build.environment().put("LIBGUESTFS_HV", qemu.toString());
        build.environment().put("XDG_CACHE_HOME", cache.toString());
        build.environment().remove("LIBGUESTFS_BACKEND_SETTINGS");
        Process process = build.start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES));

        assertEquals(0, process.exitValue(), log);
        assertTrue(log.contains("KVM appliance launch failed"), log);
        assertTrue(log.contains("retrying once with TCG"), log);
        assertTrue(log.lines().anyMatch(l -> l.startsWith("launch appliance") && l.contains(" via tcg (launch ")), log);
        assertTrue(Files.isRegularFile(output));
        assertTrue(Files.isRegularFile(cache.resolve("stackbake/kvm-unusable")), "the failure is remembered");
    }
}
