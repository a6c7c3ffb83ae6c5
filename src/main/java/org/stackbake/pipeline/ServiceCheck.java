package org.stackbake.pipeline;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.guest.api.GuestRun;

/**
 * An in-guest check of one service the image is configured for: the guest's own program, run
 * through libguestfs in the guest's root on the read-only image (no server is started), judges the
 * config it would read at boot. Every command exits non-zero exactly when the check fails, so the
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

    /**
     * memcached has no config check, but its option parser stops at -h only after parsing every option
     * before it: unknown options, missing arguments and a bad -c fail. The argv is EL's memcached.service
     * ExecStart; sh reads the env file (our quoted values mean the same to sh as to systemd), and set -f
     * because systemd does not glob $OPTIONS.
     */
    private static final String MEMCACHED_OPTIONS = "set -f; . \"$2\"; "
            + "exec \"$1\" -p \"$PORT\" -u \"$USER\" -m \"$CACHESIZE\" -c \"$MAXCONN\" $OPTIONS -h";

    public static final List<ServiceCheck> ALL = List.of(
            new ServiceCheck("chrony", "/etc/chrony.conf", List.of("/usr/sbin/chronyd"),
                    (chronyd, conf) -> List.of(chronyd, "-p", "-f", conf), "chronyd -p parsed /etc/chrony.conf"),
            // --help --verbose reads every option file the server reads and refuses unknown options and bad
            // values without touching the data directory; an unknown default-storage-engine still passes.
            new ServiceCheck("mariadb", "/etc/my.cnf.d/openstack.cnf",
                    List.of("/usr/libexec/mariadbd", "/usr/sbin/mariadbd"),
                    (mariadbd, conf) -> List.of(mariadbd, "--help", "--verbose"),
                    "mariadbd accepted the options of every file it reads"),
            new ServiceCheck("memcached", "/etc/sysconfig/memcached", List.of("/usr/bin/memcached"),
                    (memcached, conf) -> List.of("/bin/sh", "-c", MEMCACHED_OPTIONS, "sh", memcached, conf),
                    "memcached accepted the options of /etc/sysconfig/memcached"),
            // etcd validates its environment only on the way to starting (and --version exits before reading it).
            new ServiceCheck("etcd", "/etc/etcd/etcd.conf", List.of("/usr/bin/etcd"),
                    (etcd, conf) -> List.of(etcd, "--version"),
                    "etcd --version ran; etcd cannot check /etc/etcd/etcd.conf without starting"));

    /** The checks of the services whose config files are among the image's rendered files. */
    public static List<ServiceCheck> impliedBy(Collection<String> renderedPaths) {
        return ALL.stream().filter(check -> renderedPaths.contains(check.config())).toList();
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
     * just before a generic last line (memcached's "Illegal argument", mariadbd's "Error while setting value").
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
