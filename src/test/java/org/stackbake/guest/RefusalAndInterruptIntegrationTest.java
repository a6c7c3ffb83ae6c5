package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.cli.CliRunner;

/**
 * Builds that must not produce an image: a non-RHEL guest is refused after inspection, and a
 * build killed in the guest phase (SIGKILL or SIGTERM) leaves nothing at the output path. The
 * killed builds run in a child JVM, exactly as a user's `stackbake build` process.
 */
class RefusalAndInterruptIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void aNonRhelGuestIsRefusedNamingWhatWasFound() throws Exception {
        GuestTestSupport.syntheticBase("debian-12");
        Path output = dir.resolve("out.qcow2");

        CliRunner.Result result = CliRunner.run("build", "images/dalmatian/controller.yaml", "--base", "synthetic:debian-12",
                "-o", output.toString());

        assertEquals(2, result.exitCode(), result.out() + result.err());
        assertTrue(result.err().startsWith("stackbake: error: base synthetic:debian-12 is linux/debian 12"), result.err());
        assertTrue(result.err().contains("not a RHEL-family Linux"), result.err());
        assertEquals(List.of(), names(dir), "nothing is written beside the output");
    }

    @Test
    void aBuildTimeInstallOnABaseWithoutDnfFailsNamingThePackagesAndWritesNothing() throws Exception {
        GuestTestSupport.syntheticBase("rocky-9");
        Path output = dir.resolve("out/controller.qcow2");
        Files.createDirectories(output.getParent());

        // The shipped controller installs at build time (the default); this base has no dnf and none of its packages.
        CliRunner.Result result = CliRunner.run("build", "images/dalmatian/controller.yaml", "--base", "synthetic:rocky-9",
                "-o", output.toString());

        assertEquals(1, result.exitCode(), result.out() + result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("stackbake: error: cannot install vim, bash-completion, chrony,"), result.err());
        assertTrue(result.err().contains(": the guest has no /usr/bin/dnf (hint: "), result.err());
        assertFalse(Files.exists(output));
        assertEquals(List.of(), names(output.getParent()), "nothing beside the output");
    }

    @Test
    void applianceLaunchFailureIsABuildFailureWithADebugHint() throws Exception {
        Path output = dir.resolve("out/controller.qcow2");
        // A hypervisor that exits at once: every launch fails, as on a host whose qemu cannot start.
        Child child = startBuild(output, "LIBGUESTFS_HV", "/bin/false");
        String log = child.readAll();
        assertTrue(child.process().waitFor(1, TimeUnit.MINUTES));

        assertEquals(1, child.process().exitValue(), log);
        assertTrue(log.contains("stackbake: error: the libguestfs appliance did not start"), log);
        assertTrue(log.contains("LIBGUESTFS_DEBUG=1"), log);
        assertFalse(Files.exists(output));
        assertEquals(List.of(), names(output.getParent()));
        assertEquals(List.of(), names(dir.resolve("tmp")), "the overlay directory is removed");
    }

    @Test
    void sigkillInTheGuestPhaseLeavesNoFileAtTheOutput() throws Exception {
        Path output = dir.resolve("out/controller.qcow2");
        Child child = startBuild(output);
        child.awaitLine("[1/");
        child.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(child.process().waitFor(30, TimeUnit.SECONDS));

        assertFalse(Files.exists(output));
        assertEquals(List.of(), names(output.getParent()), "the publisher had not started: nothing beside the output");
        stopOrphanedAppliances();
    }

    @Test
    void sigtermInTheGuestPhaseRemovesTemporaryFilesAndWritesNothing() throws Exception {
        Path output = dir.resolve("out/controller.qcow2");
        Child child = startBuild(output);
        child.awaitLine("[1/");
        child.process().destroy(); // SIGTERM: shutdown hooks clean up
        assertTrue(child.process().waitFor(60, TimeUnit.SECONDS), "the build must stop on SIGTERM");

        assertEquals(143, child.process().exitValue(), child.log());
        assertFalse(Files.exists(output));
        assertEquals(List.of(), names(output.getParent()));
        assertEquals(List.of(), names(dir.resolve("tmp")), "the overlay directory is removed");
        stopOrphanedAppliances();
    }

    private record Child(Process process, List<String> lines) {
        /** Reads the child's output until a line starts with prefix (the guest phase has begun). */
        void awaitLine(String prefix) throws IOException {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line; Instant.now().isBefore(deadline) && (line = reader.readLine()) != null; ) {
                lines.add(line);
                if (line.startsWith(prefix)) {
                    return;
                }
            }
            throw new AssertionError("the build never reached '" + prefix + "':\n" + log());
        }

        String log() {
            return String.join("\n", lines);
        }

        String readAll() throws IOException {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Child startBuild(Path output, String... environment) throws Exception {
        GuestTestSupport.syntheticBase("rocky-9");
        Files.createDirectories(output.getParent());
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-Djava.library.path=" + System.getProperty("java.library.path"),
                "-cp", System.getProperty("java.class.path"), "org.stackbake.cli.Main",
                "build", GuestTestSupport.shippedControllerInstalledAtFirstBoot(dir.resolve("def")).toString(),
                "--base", "synthetic:rocky-9", "-o", output.toString(),
                "--accel", GuestTestSupport.accel().name().toLowerCase())
                .redirectErrorStream(true);
        for (int i = 0; i < environment.length; i += 2) {
            builder.environment().put(environment[i], environment[i + 1]);
        }
        return new Child(builder.start(), new ArrayList<>());
    }

    /** A SIGKILLed library cannot stop its qemu; the test does, so it leaves no load behind. */
    private void stopOrphanedAppliances() throws InterruptedException {
        String marker = dir.resolve("tmp").toString();
        for (ProcessHandle qemu : ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(args -> String.join(" ", args).contains(marker)).orElse(false)).toList()) {
            qemu.destroyForcibly();
            qemu.onExit().orTimeout(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> names(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
