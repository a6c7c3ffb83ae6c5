package org.stackbake.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class FirstbootReportTest {
    /** As firstboot.ftl's write_report prints it. */
    static final String DONE = """
            {
              "status": "done",
              "hostname": "controller",
              "finished": "2026-11-27T18:40:02Z",
              "steps": [
                {"step": "05-packages", "status": "ok", "duration": 41.532},
                {"step": "10-hostname", "status": "done-earlier", "duration": 0.012},
                {"step": "40-rabbitmq", "status": "ok", "duration": 61.2}
              ],
              "checks": [
                {"check": "mariadb", "detail": "mysqladmin ping", "status": "ok", "version": "11.8.9-MariaDB-deb13"},
                {"check": "memcached", "detail": "port 192.168.8.10:11211", "status": "ok"}
              ]
            }
            """;
    static final String FAILED = """
            {
              "status": "failed",
              "hostname": "controller",
              "finished": "2026-11-27T18:40:02Z",
              "steps": [
                {"step": "30-mariadb", "status": "failed", "duration": 3.5},
                {"step": "40-rabbitmq", "status": "pending", "duration": null}
              ],
              "checks": []
            }
            """;

    private static FirstbootReport parse(String json) throws Exception {
        return FirstbootReport.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rendersStepsAndChecksAsATable() throws Exception {
        FirstbootReport report = parse(DONE);
        assertTrue(report.done());
        assertTrue(report.checksPassed());
        assertEquals(List.of(
                "first boot: done on controller, finished 2026-11-27T18:40:02Z",
                "  step                     status          duration",
                "  05-packages              ok                41.5 s",
                "  10-hostname              done-earlier       0.0 s",
                "  40-rabbitmq              ok                61.2 s",
                "  check (in the guest)     status        detail",
                "  mariadb                  ok            mysqladmin ping; server version 11.8.9-MariaDB-deb13",
                "  memcached                ok            port 192.168.8.10:11211"), report.table());
    }

    @Test
    void aFailedRunShowsPendingStepsWithoutDuration() throws Exception {
        FirstbootReport report = parse(FAILED);
        assertFalse(report.done());
        assertEquals("  40-rabbitmq              pending                -", report.table().get(3));
        assertEquals(4, report.table().size(), "no checks header without checks");
    }

    @Test
    void aFailedCheckFailsTheChecks() throws Exception {
        FirstbootReport report = parse(DONE.replace("\"port 192.168.8.10:11211\", \"status\": \"ok\"",
                "\"port 192.168.8.10:11211\", \"status\": \"failed\""));
        assertTrue(report.done());
        assertFalse(report.checksPassed());
    }

    @Test
    void resultPassesOnlyWithADoneReportAndPassingProbes() throws Exception {
        var probe = org.stackbake.service.Probe.of("etcd", org.stackbake.service.ProbeProtocol.HTTP_HEALTH, 2379);
        var ok = new ProbeResult(probe, ProbeResult.Status.OK, "healthy");
        var failed = new ProbeResult(probe, ProbeResult.Status.FAILED, "no answer");
        var notChecked = new ProbeResult(probe, ProbeResult.Status.NOT_CHECKED, "no path");
        java.util.function.BiFunction<FirstbootReport, List<ProbeResult>, BootResult> result = (r, p) -> new BootResult(
                "controller", "tcg", java.nio.file.Path.of("c.log"), java.util.Optional.ofNullable(r), p, List.of(), List.of(),
                java.util.Optional.empty(), false);
        assertTrue(result.apply(parse(DONE), List.of(ok, notChecked)).passed());
        assertFalse(result.apply(parse(DONE), List.of(ok, failed)).passed());
        assertEquals("1 probe(s) failed", result.apply(parse(DONE), List.of(ok, failed)).verdict());
        assertFalse(result.apply(parse(FAILED), List.of(ok)).passed());
        assertEquals("first boot failed", result.apply(parse(FAILED), List.of(ok)).verdict());
        assertFalse(result.apply(null, List.of(ok)).passed());

        // A later boot has no report of its own: its probes decide, and a failure (first boot ran again) fails it.
        java.nio.file.Path log = java.nio.file.Path.of("c.log");
        assertTrue(new BootResult("controller", "tcg", log, java.util.Optional.empty(), List.of(ok), List.of(), List.of(),
                java.util.Optional.empty(), true).passed());
        assertFalse(new BootResult("controller", "tcg", log, java.util.Optional.empty(), List.of(failed), List.of(), List.of(),
                java.util.Optional.empty(), true).passed());
        BootResult reran = new BootResult("controller", "tcg", log, java.util.Optional.empty(), List.of(ok), List.of(), List.of(),
                java.util.Optional.of("first boot ran again on a later boot"), true);
        assertFalse(reran.passed());
        assertEquals("first boot ran again on a later boot", reran.verdict());
    }
}
