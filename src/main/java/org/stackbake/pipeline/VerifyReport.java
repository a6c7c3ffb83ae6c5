package org.stackbake.pipeline;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.stackbake.service.ServiceCheckResult;

/** The outcome of verify: what was checked, every file difference and each service's in-guest check. */
public record VerifyReport(int filesChecked, List<String> problems, List<ServiceCheckResult> services) {

    /** No file differs and no installed service rejects its config. */
    public boolean ok() {
        return problems.isEmpty() && services.stream().noneMatch(s -> s.status() == ServiceCheckResult.Status.FAILED);
    }

    /** E.g. "verified 20 files: ok; services: 1 ok, 1 failed, 2 not installed". */
    public String summary() {
        String files = problems.isEmpty() ? "verified " + filesChecked + " files: ok"
                : "verified " + filesChecked + " files: " + problems.size() + " problem(s)";
        Map<ServiceCheckResult.Status, Long> counts = services.stream().collect(Collectors.groupingBy(
                ServiceCheckResult::status, () -> new EnumMap<>(ServiceCheckResult.Status.class), Collectors.counting()));
        return services.isEmpty() ? files : files + "; services: " + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().label()).collect(Collectors.joining(", "));
    }
}
