package org.stackbake.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.guest.api.GuestRun;
import org.stackbake.pipeline.VerifyReport;

/**
 * Which checks an image gets and how a guest program's outcome becomes a status, on a fake guest; the real
 * programs run in ServiceChecksIntegrationTest.
 */
@Tag("unit")
class ServiceCheckTest {

    @Test
    void checksFollowTheRenderedConfigsChronyOnEveryNode() {
        assertEquals(List.of("chrony"), services(Set.of("/etc/chrony.conf", "/etc/hosts")));
        assertEquals(List.of("chrony", "mariadb", "memcached", "etcd"), services(Set.of("/etc/chrony.conf",
                "/etc/my.cnf.d/openstack.cnf", "/etc/sysconfig/memcached", "/etc/etcd/etcd.conf")));
    }

    @Test
    void missingProgramIsNotInstalledAndRunsNothing() {
        List<List<String>> ran = new ArrayList<>();
        ServiceCheckResult result = check("mariadb").run(guest(Set.of(), argv -> {
            ran.add(argv);
            return GuestRun.succeeded("");
        }));
        assertEquals("mariadb: not installed (no /usr/libexec/mariadbd or /usr/sbin/mariadbd)", result.line());
        assertEquals(List.of(), ran);
    }

    @Test
    void runsTheFirstInstalledPathWithTheConfig() {
        List<List<String>> ran = new ArrayList<>();
        Function<List<String>, GuestRun> record = argv -> {
            ran.add(argv);
            return GuestRun.succeeded("output");
        };
        ServiceCheckResult mariadb = check("mariadb").run(guest(Set.of("/usr/sbin/mariadbd"), record));
        assertEquals("mariadb: ok (mariadbd accepted the options of every file it reads)", mariadb.line());
        check("chrony").run(guest(Set.of("/usr/sbin/chronyd"), record));
        assertEquals(List.of(List.of("/usr/sbin/mariadbd", "--help", "--verbose"),
                List.of("/usr/sbin/chronyd", "-p", "-f", "/etc/chrony.conf")), ran);
    }

    @Test
    void failureReportsTheCauseWithoutWarningsOrTimestamps() {
        String mariadbd = """
                2026-01-01 10:00:00 0 [Warning] Could not increase number of max_open_files to more than 20000
                2026-01-01 10:00:00 0 [ERROR] Buffered error: Unknown suffix 'l' used for variable 'max_connections'
                2026-01-01 10:00:00 0 [ERROR] Buffered error: mariadbd: Error while setting value 'lots' to 'max_connections'
                2026-01-01 10:00:00 0 [Warning] Could not open mysql.plugin table
                """;
        ServiceCheckResult result = check("mariadb")
                .run(guest(Set.of("/usr/libexec/mariadbd"), argv -> GuestRun.failed(mariadbd)));
        assertEquals("mariadb: failed ([ERROR] Buffered error: Unknown suffix 'l' used for variable 'max_connections' / "
                + "[ERROR] Buffered error: mariadbd: Error while setting value 'lots' to 'max_connections')", result.line());
        assertEquals("Fatal error : Could not parse allow directive at line 12 in file /etc/chrony.conf",
                ServiceCheck.reason("2026-11-25T20:23:10Z Fatal error : Could not parse allow directive at line 12"
                        + " in file /etc/chrony.conf\n"));
        assertEquals("exited non-zero without a message", ServiceCheck.reason(""));
    }

    @Test
    void onlyAFailedServiceFailsTheReport() {
        ServiceCheckResult ok = new ServiceCheckResult("chrony", ServiceCheckResult.Status.OK, "parsed");
        ServiceCheckResult absent = new ServiceCheckResult("etcd", ServiceCheckResult.Status.NOT_INSTALLED, "no etcd");
        VerifyReport fine = new VerifyReport(20, List.of(), List.of(ok, absent));
        assertEquals(true, fine.ok());
        assertEquals("verified 20 files: ok; services: 1 ok, 1 not installed", fine.summary());
        VerifyReport failed = new VerifyReport(20, List.of(), List.of(
                new ServiceCheckResult("chrony", ServiceCheckResult.Status.FAILED, "bad"), absent));
        assertEquals(false, failed.ok());
        assertEquals("verified 20 files: ok; services: 1 failed, 1 not installed", failed.summary());
    }

    private static List<String> services(Set<String> rendered) {
        return ServiceCheck.impliedBy(rendered).stream().map(ServiceCheck::service).toList();
    }

    private static ServiceCheck check(String service) {
        return Elements.verifyChecks().stream().filter(c -> c.service().equals(service)).findFirst().orElseThrow();
    }

    /** A guest that has exactly {@code files} and answers tryRun with {@code run}; nothing else is called. */
    @SuppressWarnings("unchecked")
    private static GuestSession guest(Set<String> files, Function<List<String>, GuestRun> run) {
        return (GuestSession) Proxy.newProxyInstance(GuestSession.class.getClassLoader(),
                new Class<?>[] {GuestSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "exists" -> files.contains((String) args[0]);
                    case "tryRun" -> run.apply((List<String>) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
