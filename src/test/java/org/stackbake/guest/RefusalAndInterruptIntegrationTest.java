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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.cli.CliRunner;
import org.stackbake.files.ProcessRunner;

/**
 * Builds that must not produce an image: a non-RHEL guest is refused after inspection, and a
 * build killed in the guest phase (SIGKILL or SIGTERM) leaves nothing at the output path, no
 * appliance running and (after the next build) no overlay. The killed builds run in a child JVM,
 * exactly as a user's `stackbake build` process.
 */
@Tag("libguestfs")
class RefusalAndInterruptIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void aNonRhelGuestIsRefusedNamingWhatWasFound() throws Exception {
        GuestTestSupport.syntheticBase("debian-12");
        Path output = dir.resolve("out.qcow2");

        CliRunner.Result result = CliRunner.run("build", "images/epoxy/controller.yaml", "--base", "synthetic:debian-12",
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
        CliRunner.Result result = CliRunner.run("build", "images/epoxy/controller.yaml", "--base", "synthetic:rocky-9",
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

    /**
     * SIGKILL, as a CI runner's timeout does: no shutdown hook runs. The appliance's qemu must die
     * with the build (parent-death signal), and the next build removes the killed one's overlay.
     * The worst case, made certain: the killed build stays a zombie (its parent does not reap it,
     * which fools libguestfs's recovery process) and the appliance cannot react to losing its
     * channel (qemu is stopped, as a busy TCG appliance is slow to notice).
     */
    @Test
    void sigkillInTheGuestPhaseKillsTheApplianceAndTheNextBuildRemovesTheOverlay() throws Exception {
        Path output = dir.resolve("out/controller.qcow2");
        Child child = startBuild(NON_REAPING_PARENT, output);
        child.awaitLine("[1/");
        Path overlayDir = overlayDirOf(child.process().descendants().map(ProcessHandle::pid).toList());
        ProcessHandle build = ProcessHandle.of(Long.parseLong(Files.readString(overlayDir.resolve("pid")).strip())).orElseThrow();
        List<ProcessHandle> appliance = processesUsing(overlayDir);
        assertFalse(appliance.isEmpty(), "the appliance's qemu runs on the overlay in " + overlayDir);

        List<ProcessHandle> survivors;
        try {
            for (ProcessHandle qemu : appliance) {
                new ProcessRunner().run(List.of("kill", "-STOP", Long.toString(qemu.pid())), Duration.ofSeconds(10))
                        .requireSuccess();
            }
            build.destroyForcibly();
            Instant gone = Instant.now().plusSeconds(30);
            while (!isZombie(build.pid()) && Instant.now().isBefore(gone)) {
                Thread.sleep(100);
            }
            assertTrue(isZombie(build.pid()), "the killed build stays a zombie: the test's premise");
            Instant deadline = Instant.now().plusSeconds(5);
            while (!processesUsing(overlayDir).isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            survivors = processesUsing(overlayDir);
            survivors.forEach(ProcessHandle::destroyForcibly); // so a failure leaves no load behind
        } finally {
            child.process().destroyForcibly(); // the non-reaping parent
        }
        assertEquals(List.of(), survivors.stream().map(ProcessHandle::pid).toList(),
                "the appliance is still running 5 s after its build was killed");

        assertFalse(Files.exists(output));
        assertEquals(List.of(), names(output.getParent()), "the publisher had not started: nothing beside the output");
        assertTrue(Files.isDirectory(overlayDir), "SIGKILL leaves the overlay (nothing can run in the killed JVM)");

        // The next build, here one whose appliance fails at once, sweeps it away before its own work.
        Child next = startBuild(dir.resolve("out2/controller.qcow2"), "LIBGUESTFS_HV", "/bin/false");
        String log = next.readAll();
        assertTrue(next.process().waitFor(2, TimeUnit.MINUTES), log);
        assertFalse(Files.exists(overlayDir), "the next build removes the killed build's overlay\n" + log);
    }

    /** The overlay directory a build with one of those pids works in (the build writes its pid there). */
    private static Path overlayDirOf(List<Long> pids) throws IOException {
        try (Stream<Path> dirs = Files.list(GuestTestSupport.CACHE.work())) {
            for (Path d : dirs.toList()) {
                Path pidFile = d.resolve("pid");
                if (Files.isRegularFile(pidFile) && pids.contains(Long.parseLong(Files.readString(pidFile).strip()))) {
                    return d;
                }
            }
        }
        throw new AssertionError("no overlay directory of pids " + pids + " in " + GuestTestSupport.CACHE.work());
    }

    /** True for a process that exited but whose parent has not reaped it (state Z in /proc). */
    private static boolean isZombie(long pid) {
        try {
            String text = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return text.charAt(text.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException gone) {
            return false;
        }
    }

    private static List<ProcessHandle> processesUsing(Path path) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(p -> p.info().arguments()
                .map(args -> String.join(" ", args).contains(path.toString())).orElse(false)).toList();
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
        return startBuild(List.of(), output, environment);
    }

    /**
     * A parent that never reaps its child: a SIGKILLed build stays a zombie, as under a CI runner or
     * supervisor that is slow to reap. libguestfs's recovery process takes a zombie parent for a live
     * one, so only a parent-death signal stops the appliance here.
     */
    private static final List<String> NON_REAPING_PARENT = List.of("perl", "-e", "exec @ARGV unless fork; sleep 600;");

    private Child startBuild(List<String> parent, Path output, String... environment) throws Exception {
        GuestTestSupport.syntheticBase("rocky-9");
        Files.createDirectories(output.getParent());
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        List<String> command = new ArrayList<>(parent);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-Djava.library.path=" + System.getProperty("java.library.path"),
                "-cp", System.getProperty("java.class.path"), "org.stackbake.cli.Main",
                "build", GuestTestSupport.shippedControllerInstalledAtFirstBoot(dir.resolve("def")).toString(),
                "--base", "synthetic:rocky-9", "-o", output.toString(),
                "--accel", GuestTestSupport.accel().name().toLowerCase()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
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
