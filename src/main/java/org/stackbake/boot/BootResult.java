package org.stackbake.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a boot test saw: the first-boot report read back from the disk (empty when it could not be
 * read, e.g. after a timeout, and on a later boot, which has none of its own to read), each probe
 * from outside, the console's last lines, when each milestone was reached (from qemu's start), and
 * why the run failed, if it did.
 *
 * @param laterBoot a boot after the first: it passes without a report (first boot must not have run)
 */
public record BootResult(String node, String accelerator, Path console, Optional<FirstbootReport> report,
                         List<ProbeResult> probes, List<String> consoleTail, List<Milestone> timeline,
                         Optional<String> failure, boolean laterBoot) {

    public record Milestone(String what, Duration at) {}

    public BootResult {
        probes = List.copyOf(probes);
        consoleTail = List.copyOf(consoleTail);
        timeline = List.copyOf(timeline);
    }

    /**
     * Passed: no failure, every probe passed and, on a first boot, the report says done with every
     * in-guest check ok (a later boot fails instead when first boot ran again).
     */
    public boolean passed() {
        return failure.isEmpty() && (laterBoot || report.map(r -> r.done() && r.checksPassed()).orElse(false))
                && probes.stream().allMatch(ProbeResult::passed);
    }

    /** When a milestone (e.g. "first boot done") was reached, if it was. */
    public Optional<Duration> reached(String what) {
        return timeline.stream().filter(m -> m.what().equals(what)).map(Milestone::at).findFirst();
    }

    /** Why this did not pass, in one line. */
    public String verdict() {
        if (passed()) {
            return "boot test passed";
        }
        if (failure.isPresent()) {
            return failure.get();
        }
        if (report.isEmpty() && !laterBoot) {
            return "no first-boot report";
        }
        if (report.isPresent() && !report.get().done()) {
            return "first boot " + report.get().status();
        }
        if (report.isPresent() && !report.get().checksPassed()) {
            return "an in-guest check failed";
        }
        return probes.stream().filter(p -> !p.passed()).count() + " probe(s) failed";
    }
}
