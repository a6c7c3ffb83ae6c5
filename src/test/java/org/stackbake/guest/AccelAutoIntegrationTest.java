package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `--accel auto` through the real CLI on a host without a usable KVM device (the device path is
 * pointed at nothing, so the result is the same on hosts that have /dev/kvm): the build says so,
 * launches with TCG at once, never attempts a KVM launch, succeeds, and leaves no "KVM failed"
 * marker (a missing device is looked at each time). The retry after a failing KVM launch is
 * {@link ApplianceLauncherTest}'s.
 */
@Tag("libguestfs")
class AccelAutoIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void autoWithoutAKvmDeviceBuildsWithTcgAtOnce() throws Exception {
        Path base = GuestTestSupport.syntheticBase("rocky-9");
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Path output = dir.resolve("controller.qcow2");
        Path device = dir.resolve("no-kvm-here");

        ProcessBuilder build = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.library.path=" + System.getProperty("java.library.path"),
                "-cp", System.getProperty("java.class.path"), "org.stackbake.cli.Main",
                "build", GuestTestSupport.shippedControllerInstalledAtFirstBoot(dir.resolve("def")).toString(),
                "--base", base.toString(), "-o", output.toString(),
                "--accel", "auto").redirectErrorStream(true);
        build.environment().put("STACKBAKE_KVM_DEVICE", device.toString());
        build.environment().put("XDG_CACHE_HOME", cache.toString());
        build.environment().remove("LIBGUESTFS_BACKEND_SETTINGS");
        Process process = build.start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES));

        assertEquals(0, process.exitValue(), log);
        assertTrue(log.contains("no usable " + device + ": using TCG"), log);
        assertFalse(log.contains("KVM appliance launch failed"), log);
        assertTrue(log.lines().anyMatch(l -> l.startsWith("launch appliance") && l.contains(" via tcg (launch ")), log);
        assertTrue(Files.isRegularFile(output));
        assertFalse(Files.exists(cache.resolve("stackbake/kvm-unusable")), "nothing to remember: the device is checked each time");
    }
}
