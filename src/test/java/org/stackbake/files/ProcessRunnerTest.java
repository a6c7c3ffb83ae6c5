package org.stackbake.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.StackbakeException;
import org.stackbake.files.ProcessRunner.CommandFailedException;
import org.stackbake.files.ProcessRunner.Result;

@Tag("unit")
class ProcessRunnerTest {
    private final ProcessRunner runner = new ProcessRunner();

    @Test
    void capturesBothStreamsAndTheExitCode() {
        Result result = runner.run(List.of("sh", "-c", "echo out; echo first >&2; echo last >&2; exit 3"), Duration.ofSeconds(10));

        assertEquals(3, result.exitCode());
        assertEquals("out\n", result.stdout());
        assertEquals("last", result.lastErrorLine());
    }

    @Test
    void argumentsReachTheProgramVerbatimWithoutAShell() {
        Result result = runner.run(List.of("printf", "%s|", "a b", "$HOME", "`id`"), Duration.ofSeconds(10));

        assertEquals("a b|$HOME|`id`|", result.stdout());
    }

    @Test
    void failureMessageNamesTheCommandAndItsLastErrorLine() {
        Result result = runner.run(List.of("qemu-img", "info", "/nonexistent/disk.qcow2"), Duration.ofSeconds(10));

        CommandFailedException e = assertThrows(CommandFailedException.class, result::requireSuccess);
        assertTrue(e.getMessage().startsWith("qemu-img info /nonexistent/disk.qcow2 failed (exit 1): qemu-img: Could not open"),
                e.getMessage());
    }

    @Test
    void drainsLargeOutputWithoutDeadlock() {
        Result result = runner.run(List.of("sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' x; head -c 1000000 /dev/zero >&2"),
                Duration.ofSeconds(20));

        assertEquals(1_000_000, result.stdout().length());
        assertEquals(1_000_000, result.stderr().length());
    }

    @Test
    void timeoutKillsTheCommandAndFails() {
        long start = System.nanoTime();
        StackbakeException e = assertThrows(StackbakeException.class,
                () -> runner.run(List.of("sleep", "30"), Duration.ofMillis(300)));

        assertEquals(StackbakeException.Kind.FAILURE, e.kind());
        assertEquals("sleep 30 timed out after 300ms", e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
    }

    @Test
    void missingProgramIsAFailureWithAnInstallHint() {
        StackbakeException e = assertThrows(StackbakeException.class,
                () -> runner.run(List.of("no-such-program-stackbake"), Duration.ofSeconds(5)));

        assertEquals(StackbakeException.Kind.FAILURE, e.kind());
        assertTrue(e.getMessage().startsWith("cannot run no-such-program-stackbake"), e.getMessage());
        assertTrue(e.hint().contains("qemu-utils"));
    }

    @Test
    void destroyRunningStopsChildrenStartedOnOtherThreads() throws Exception {
        Thread caller = new Thread(() -> runner.run(List.of("sleep", "30"), Duration.ofMinutes(1)));
        caller.start();
        long sleeping = awaitChild("sleep");

        runner.destroyRunning();

        caller.join(10_000);
        assertFalse(caller.isAlive());
        assertFalse(ProcessHandle.of(sleeping).map(ProcessHandle::isAlive).orElse(false));
    }

    private static long awaitChild(String name) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var child = ProcessHandle.current().children()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/" + name)).orElse(false)).findFirst();
            if (child.isPresent()) {
                return child.get().pid();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + name + " child started");
    }
}
