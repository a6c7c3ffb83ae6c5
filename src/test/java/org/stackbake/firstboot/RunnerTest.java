package org.stackbake.firstboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered runner ({@code /usr/libexec/stackbake/firstboot}) over test steps: order, a failing
 * step stopping the run and being retried on the next one, finished steps never re-run, report,
 * removal of the delivery files, and the done marker.
 */
@Tag("unit")
class RunnerTest {
    @TempDir
    Path dir;

    private Path log;
    private Path flag;
    private Path console;

    private RenderedNode node() throws Exception {
        RenderedNode node = RenderedNode.render(dir.resolve("node"), RenderedNode.servicesDefinition("""
              db_root: {generate: true}
              mq_pass: {generate: true}
            """), Map.of());
        Path steps = Files.createDirectories(dir.resolve("steps"));
        log = dir.resolve("ran.log");
        flag = dir.resolve("flaky-may-pass");
        // Written out of order on purpose; the runner must sort by name.
        step(steps, "30-last.sh", "echo last >> " + log);
        step(steps, "20-flaky.sh", "echo flaky >> " + log + "\n[ -e " + flag + " ] || { echo 'flaky: not yet' >&2; exit 3; }");
        step(steps, "10-first.sh", "echo first >> " + log);
        step(steps, "15-second.sh", "echo second >> " + log);
        step(steps, "README", "echo readme >> " + log);
        step(steps, "5-not-numbered.sh", "echo bad >> " + log);
        Path state = node.path("/var/lib/stackbake");
        Files.createDirectories(state);
        Files.writeString(state.resolve("firstboot-service-hashes"), "mysql_native_password:x=*00\n");
        Files.writeString(state.resolve("firstboot-user-hashes"), "alice:$6$x$y\n");
        console = dir.resolve("console");
        Files.createFile(console);
        return node.with(Map.of("STACKBAKE_STEPS_DIR", steps.toString(), "STACKBAKE_CONSOLE", console.toString()));
    }

    private static void step(Path steps, String name, String body) throws Exception {
        Files.writeString(steps.resolve(name), "#!/bin/bash\nset -euo pipefail\n" + body + "\n");
    }

    private JsonNode report(RenderedNode node) throws Exception {
        return new ObjectMapper().readTree(node.path("/var/lib/stackbake/firstboot-report.json").toFile());
    }

    private static List<String> field(JsonNode report, String name) {
        return report.get("steps").findValuesAsText(name);
    }

    @Test
    void failingStepStopsTheRunAndIsRetriedFinishedStepsAreNotRerunDoneMarkerEndsIt() throws Exception {
        RenderedNode node = node();
        Path state = node.path("/var/lib/stackbake");

        Proc.Result first = node.runFirstboot();
        assertNotEquals(0, first.exit(), "a failing step fails the run (and so the unit)");
        assertEquals(List.of("first", "second", "flaky"), Files.readAllLines(log), "in order, stopping at the failure");
        assertTrue(first.output().contains("step 20-flaky: FAILED (exit 3"), first.output());
        assertTrue(first.output().contains("flaky: not yet"), "a step's own output reaches the journal");
        JsonNode report = report(node);
        assertEquals("failed", report.get("status").asText());
        assertEquals(List.of("10-first", "15-second", "20-flaky", "30-last"), field(report, "step"));
        assertEquals(List.of("ok", "ok", "failed", "pending"), field(report, "status"));
        assertTrue(report.get("steps").get(3).get("duration").isNull());
        List<String> failedLines = List.of(
                "stackbake-firstboot: start",
                "stackbake-firstboot: step 10-first start",
                "stackbake-firstboot: step 10-first ok " + seconds(report.get("steps").get(0).get("duration")) + "s",
                "stackbake-firstboot: step 15-second start",
                "stackbake-firstboot: step 15-second ok " + seconds(report.get("steps").get(1).get("duration")) + "s",
                "stackbake-firstboot: step 20-flaky start",
                "stackbake-firstboot: step 20-flaky failed",
                "stackbake-firstboot: failed");
        assertEquals(failedLines, Files.readAllLines(console), "progress on the console, exactly");
        assertEquals(failedLines, first.output().lines().filter(l -> l.startsWith("stackbake-firstboot: ")).toList(),
                "the same lines in the journal");
        assertFalse(Files.exists(state.resolve("firstboot.done")));
        assertTrue(Files.exists(state.resolve("firstboot-service-hashes")), "hashes stay until every step has succeeded");
        assertTrue(Files.exists(state.resolve("firstboot-user-hashes")));

        Files.createFile(flag);
        Proc.Result second = node.runFirstboot().requireOk("second boot");
        assertEquals(List.of("first", "second", "flaky", "flaky", "last"), Files.readAllLines(log),
                "finished steps are not run again; the failed one and those after it are");
        report = report(node);
        assertEquals("done", report.get("status").asText());
        assertEquals(List.of("done-earlier", "done-earlier", "ok", "ok"), field(report, "status"));
        report.get("steps").forEach(step -> assertTrue(step.get("duration").isNumber(), step.toString()));
        assertTrue(Files.exists(state.resolve("firstboot.done")));
        assertFalse(Files.exists(state.resolve("firstboot-service-hashes")), "the delivery file is removed after success");
        assertFalse(Files.exists(state.resolve("firstboot-user-hashes")));
        assertTrue(second.output().contains("done: 4 steps"), second.output());
        List<String> progress = Files.readAllLines(console).subList(failedLines.size(), Files.readAllLines(console).size());
        assertEquals(List.of(
                "stackbake-firstboot: start",
                "stackbake-firstboot: step 20-flaky start",
                "stackbake-firstboot: step 20-flaky ok " + report.get("steps").get(2).get("duration").asText() + "s",
                "stackbake-firstboot: step 30-last start",
                "stackbake-firstboot: step 30-last ok " + report.get("steps").get(3).get("duration").asText() + "s",
                "stackbake-firstboot: done"), progress, "a retry shows only the steps it runs");

        Proc.Result third = node.runFirstboot().requireOk("third boot");
        assertEquals(5, Files.readAllLines(log).size(), "after the done marker nothing runs");
        assertTrue(third.output().contains("already done"), third.output());
        assertEquals(failedLines.size() + progress.size(), Files.readAllLines(console).size(), "nothing to report after done");
    }

    @Test
    void anUnwritableConsoleNeverFailsTheRun() throws Exception {
        RenderedNode node = node().with(Map.of("STACKBAKE_CONSOLE", dir.resolve("no-such-dir/console").toString()));
        Files.createFile(flag);
        node.runFirstboot().requireOk("run without a console");
        assertEquals("done", report(node).get("status").asText());
    }

    /** A report duration as the runner prints it: three decimals (JSON reads 0.020 back as 0.02). */
    private static String seconds(com.fasterxml.jackson.databind.JsonNode duration) {
        return String.format(java.util.Locale.ROOT, "%.3f", duration.asDouble());
    }
}
