package org.stackbake.service;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.guest.api.GuestRun;

/**
 * An in-guest check of one service the image is configured for, declared by its element: the
 * guest's own program, run through libguestfs in the guest's root on the read-only image (no
 * server is started), judges the config it would read at boot. Every command exits non-zero exactly when the check fails, so the
 * exit status is the verdict.
 *
 * @param service  the name in the report
 * @param config   the rendered file that says the node runs the service
 * @param programs where the program may be installed, EL's path first; the first present is run
 * @param command  the argv, given the program's path and the config path
 * @param proves   what "ok" means, for the report
 */
public record ServiceCheck(String service, String config, List<String> programs,
                           BiFunction<String, String, List<String>> command, String proves) {

    /** The checks of the services whose config files are among the image's rendered files. */
    public static List<ServiceCheck> impliedBy(Collection<String> renderedPaths) {
        return Elements.verifyChecks().stream().filter(check -> renderedPaths.contains(check.config())).toList();
    }

    public ServiceCheckResult run(GuestSession guest) {
        Optional<String> program = programs.stream().filter(guest::exists).findFirst();
        if (program.isEmpty()) {
            return new ServiceCheckResult(service, ServiceCheckResult.Status.NOT_INSTALLED,
                    "no " + String.join(" or ", programs));
        }
        GuestRun run = guest.tryRun(command.apply(program.get(), config));
        return run.succeeded() ? new ServiceCheckResult(service, ServiceCheckResult.Status.OK, proves)
                : new ServiceCheckResult(service, ServiceCheckResult.Status.FAILED, reason(run.output()));
    }

    /**
     * The last two lines of the error that are not warnings, without log timestamps: the cause often comes
     * just before a generic last line (an "Illegal argument" after the option that caused it).
     */
    static String reason(String error) {
        List<String> lines = error.lines()
                .map(line -> line.replaceFirst("^\\d{4}-\\d\\d-\\d\\d[ T][\\d:]+Z?\\s+(\\d+\\s+)?", "").strip())
                .filter(line -> !line.isEmpty() && !line.startsWith("[Warning]") && !line.startsWith("[Note]"))
                .toList();
        return lines.isEmpty() ? "exited non-zero without a message"
                : String.join(" / ", lines.subList(Math.max(0, lines.size() - 2), lines.size()));
    }
}
