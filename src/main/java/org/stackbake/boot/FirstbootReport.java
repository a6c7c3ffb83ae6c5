package org.stackbake.boot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.stackbake.files.Jackson;

/**
 * {@code /var/lib/stackbake/firstboot-report.json} as the first-boot runner writes it: overall
 * status ({@code done} or {@code failed}), each step with its status and seconds, and the checks
 * of the verify step.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FirstbootReport(String status, String hostname, String finished, List<Step> steps, List<Check> checks) {
    public static final String PATH = "/var/lib/stackbake/firstboot-report.json";

    public FirstbootReport {
        steps = steps == null ? List.of() : List.copyOf(steps);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Step(String step, String status, Double duration) {}

    /** One in-guest check; {@code version} is what the server said it is (absent for most checks). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Check(String check, String detail, String status, String version) {

        public Optional<String> seenVersion() {
            return Optional.ofNullable(version).filter(v -> !v.isBlank());
        }
    }

    public static FirstbootReport parse(byte[] json) throws IOException {
        return Jackson.JSON.readValue(json, FirstbootReport.class);
    }

    public boolean done() {
        return "done".equals(status);
    }

    public boolean checksPassed() {
        return checks.stream().allMatch(c -> "ok".equals(c.status()));
    }

    /** The report as aligned text: a status line, the steps, the in-guest checks. */
    public List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add("first boot: " + status + (hostname == null ? "" : " on " + hostname)
                + (finished == null ? "" : ", finished " + finished));
        lines.add(String.format("  %-24s %-13s %10s", "step", "status", "duration"));
        for (Step s : steps) {
            lines.add(String.format("  %-24s %-13s %10s", s.step(), s.status(),
                    s.duration() == null ? "-" : String.format("%.1f s", s.duration())));
        }
        if (!checks.isEmpty()) {
            lines.add(String.format("  %-24s %-13s %s", "check (in the guest)", "status", "detail"));
            for (Check c : checks) {
                lines.add(String.format("  %-24s %-13s %s", c.check(), c.status(), c.detail()
                        + c.seenVersion().map(v -> "; server version " + v).orElse("")));
            }
        }
        return lines;
    }
}
