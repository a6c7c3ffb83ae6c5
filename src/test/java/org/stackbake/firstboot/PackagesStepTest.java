package org.stackbake.firstboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered 05-packages.sh step with fake rpm, dnf, systemctl, getenforce and setenforce that
 * record their arguments in one log. The fake rpm answers from a directory of installed package
 * names, which the fake dnf fills; install-packages.sh is the rendered one, behind a wrapper that
 * records each run.
 */
@Tag("unit")
class PackagesStepTest {
    private static final String INSTALL = "install-packages";
    private static final String CONTROLLER_PACKAGES = "dnf -y install vim bash-completion chrony python3-openstackclient "
            + "openstack-selinux mariadb mariadb-server python3-PyMySQL rabbitmq-server memcached python3-memcached etcd";
    /** An install first waits for the network (the unit is not ordered after it); nothing else does. */
    private static final String ONLINE = "systemctl is-active --quiet network-online.target";
    /** One systemctl call for every server (each enable reloads systemd). */
    private static final List<String> CONTROLLER_UNITS = List.of("systemctl enable --now --no-block chronyd.service mariadb.service"
            + " rabbitmq-server.service memcached.service etcd.service");

    @TempDir
    Path dir;

    private Path calls;
    private Path installed;
    private Path fakes;

    /** Renders {@code yaml} and points the step at fresh fakes: SELinux reports Permissive, nothing is installed. */
    private RenderedNode node(String yaml) throws Exception {
        RenderedNode node = RenderedNode.render(dir.resolve("node"), yaml, Map.of());
        TestFiles.deleteRecursively(dir.resolve("fakes"));
        fakes = Files.createDirectories(dir.resolve("fakes"));
        calls = fakes.resolve("calls.log");
        installed = Files.createDirectories(fakes.resolve("installed"));
        Files.writeString(fakes.resolve("selinux-mode"), "Permissive\n");
        String record = "printf '%s\\n' \"$(basename \"$0\")${*:+ $*}\" >> " + calls + "\n";
        // rpm -q --whatprovides NAME...: a line per name, "no package provides NAME" for a missing one,
        // and as many failures as missing names in the exit status, as rpm does.
        fake("rpm", "printf '%s\\n' \"$(basename \"$0\")${*:+ $*}\" >> " + fakes.resolve("rpm-calls.log") + "\n"
                + "missing=0; shift 2; for p in \"$@\"; do if [ -e " + installed + "/\"$p\" ]; then echo \"$p-1-1.noarch\";"
                + " else echo \"no package provides $p\"; missing=$((missing + 1)); fi; done; exit $missing");
        fake("dnf", record + "[ ! -e " + fakes + "/dnf-fails ] || exit 1\n"
                + "if [ \"$1\" = -y ]; then shift 2; for p in \"$@\"; do [ \"$p\" = etcd ] && [ -e " + fakes
                + "/etcd-unavailable ] || touch " + installed + "/\"$p\"; done; fi");
        // is-enabled is a query, answered from fakes/enabled/UNIT and not recorded: a line per unit, as systemctl prints.
        Files.createDirectories(fakes.resolve("enabled"));
        fake("systemctl", "if [ \"$1\" = is-enabled ]; then shift; status=0; for u in \"$@\"; do if [ -e " + fakes
                + "/enabled/\"$u\" ]; then echo enabled; else echo disabled; status=1; fi; done; exit $status; fi\n" + record);
        fake("getenforce", "cat " + fakes + "/selinux-mode");
        fake("setenforce", record);
        fake(INSTALL, record + "exec " + node.path(Firstboot.INSTALL_PACKAGES_PATH));
        return node.with(Map.of("STACKBAKE_RPM", fakes.resolve("rpm").toString(),
                "STACKBAKE_DNF", fakes.resolve("dnf").toString(),
                "STACKBAKE_SYSTEMCTL", fakes.resolve("systemctl").toString(),
                "STACKBAKE_GETENFORCE", fakes.resolve("getenforce").toString(),
                "STACKBAKE_SETENFORCE", fakes.resolve("setenforce").toString(),
                "STACKBAKE_INSTALL_PACKAGES", fakes.resolve(INSTALL).toString()));
    }

    private void fake(String name, String body) throws Exception {
        Path script = fakes.resolve(name);
        Files.writeString(script, "#!/bin/bash\n" + body + "\n");
        assertTrue(script.toFile().setExecutable(true));
    }

    /** The recorded calls since the last one; the log starts afresh. */
    private List<String> takeCalls() throws Exception {
        List<String> lines = Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        Files.deleteIfExists(calls);
        return lines;
    }

    private static String definition(String file, String security) {
        return "include: " + Path.of("images/epoxy", file).toAbsolutePath() + "\n"
                + (security == null ? "" : "security: " + security + "\n");
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @Test
    void controllerInstallsOnceThenEnablesItsServersInOrderAndSkipsTheInstallWhenEverythingIsInstalled() throws Exception {
        RenderedNode node = node(definition("controller.yaml", null));
        Proc.Result first = node.runStep("05-packages").requireOk("first run");
        assertEquals(concat(List.of(ONLINE, INSTALL, "dnf -y install dnf-plugins-core epel-release",
                "dnf config-manager --set-enabled crb", "dnf -y install centos-release-openstack-epoxy",
                CONTROLLER_PACKAGES), CONTROLLER_UNITS), takeCalls(), first.output());
        assertTrue(first.output().contains("packages: 12 of 12 missing"), first.output());

        Files.deleteIfExists(fakes.resolve("rpm-calls.log"));
        Proc.Result second = node.runStep("05-packages").requireOk("second run");
        assertEquals(CONTROLLER_UNITS, takeCalls(), "everything installed: no install, the servers are still enabled");
        assertTrue(second.output().contains("packages: all 12 installed"), second.output());
        List<String> rpmCalls = Files.readAllLines(fakes.resolve("rpm-calls.log"));
        assertEquals(2, rpmCalls.size(), "one query for all 12 packages, one for firewalld: " + rpmCalls);
        assertEquals(15, rpmCalls.get(0).split(" ").length, "rpm -q --whatprovides and the 12 names: " + rpmCalls.get(0));
    }

    @Test
    void serversTheBuildEnabledAreOnlyStartedAndAnyNotEnabledOrJustInstalledAreEnabled() throws Exception {
        RenderedNode node = node(definition("controller.yaml", null));
        List<String> units = List.of("chronyd.service", "mariadb.service", "rabbitmq-server.service", "memcached.service",
                "etcd.service");
        for (String unit : units) {
            Files.createFile(fakes.resolve("enabled").resolve(unit));
        }
        Proc.Result first = node.runStep("05-packages").requireOk("install, everything enabled");
        assertEquals(concat(List.of(ONLINE, INSTALL, "dnf -y install dnf-plugins-core epel-release",
                "dnf config-manager --set-enabled crb", "dnf -y install centos-release-openstack-epoxy",
                CONTROLLER_PACKAGES), CONTROLLER_UNITS), takeCalls(),
                "just installed: enabled, so that the manager loads the new units: " + first.output());

        Proc.Result built = node.runStep("05-packages").requireOk("installed and enabled by the build");
        assertEquals(List.of("systemctl start --no-block " + String.join(" ", units)), takeCalls(), built.output());
        assertTrue(built.output().contains("starting " + String.join(" ", units) + " (enabled by the build)"), built.output());

        Files.delete(fakes.resolve("enabled").resolve("etcd.service"));
        node.runStep("05-packages").requireOk("one not enabled");
        assertEquals(CONTROLLER_UNITS, takeCalls(), "one server not enabled: all are enabled in one call");
    }

    @Test
    void anRpmThatCannotReadItsDatabaseFailsTheStepInsteadOfInstallingEverything() throws Exception {
        RenderedNode node = node(definition("compute.yaml", null));
        fake("rpm", "echo 'error: cannot open Packages database in /var/lib/rpm' >&2; exit 1");
        Proc.Result run = node.runStep("05-packages");
        assertNotEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("could not query the package database"), run.output());
        assertTrue(takeCalls().isEmpty(), "nothing installed or started");
    }

    @Test
    void computeInstallsOnlyWhatIsMissingAndRunsOnlyChronyd() throws Exception {
        RenderedNode node = node(definition("compute.yaml", null));
        Files.createFile(installed.resolve("chrony"));
        Proc.Result run = node.runStep("05-packages").requireOk("compute");
        List<String> log = takeCalls();
        assertEquals(List.of(ONLINE, INSTALL, "dnf -y install dnf-plugins-core epel-release", "dnf config-manager --set-enabled crb",
                "dnf -y install centos-release-openstack-epoxy",
                "dnf -y install vim bash-completion chrony python3-openstackclient openstack-selinux",
                "systemctl enable --now --no-block chronyd.service"), log, run.output());
        assertTrue(run.output().contains("4 of 5 missing (vim bash-completion python3-openstackclient openstack-selinux)"),
                run.output());
    }

    @Test
    void failedInstallFailsTheStepBeforeAnyUnitIsTouchedAndTheNextRunRetries() throws Exception {
        RenderedNode node = node(definition("controller.yaml", "{selinux: permissive, firewalld: masked}"));
        Files.writeString(fakes.resolve("selinux-mode"), "Enforcing\n");
        Files.createFile(fakes.resolve("dnf-fails"));
        Proc.Result failed = node.runStep("05-packages");
        assertNotEquals(0, failed.exit(), failed.output());
        assertEquals(List.of(ONLINE, INSTALL, "dnf -y install dnf-plugins-core epel-release"), takeCalls(),
                "install-packages.sh stops at the failing dnf; no setenforce, no other systemctl");
        assertTrue(failed.output().contains("failed (exit 1); the next boot tries again"), failed.output());

        Files.delete(fakes.resolve("dnf-fails"));
        Files.createFile(fakes.resolve("etcd-unavailable"));
        Proc.Result incomplete = node.runStep("05-packages");
        assertNotEquals(0, incomplete.exit(), "dnf succeeded but a package is still missing");
        assertTrue(incomplete.output().contains("package etcd is still not installed"), incomplete.output());
        assertTrue(takeCalls().stream().noneMatch(c -> (c.startsWith("systemctl") && !c.equals(ONLINE)) || c.startsWith("setenforce")));

        Files.delete(fakes.resolve("etcd-unavailable"));
        Proc.Result retried = node.runStep("05-packages").requireOk("retry");
        assertEquals(List.of(ONLINE, INSTALL, "dnf -y install dnf-plugins-core epel-release", "dnf config-manager --set-enabled crb",
                "dnf -y install centos-release-openstack-epoxy", CONTROLLER_PACKAGES), takeCalls().subList(0, 6),
                "install-packages.sh runs again in full, asking dnf for everything: " + retried.output());
    }

    @Test
    void selinuxBecomesPermissiveNowOnlyWhenTheDefinitionSaysSoAndTheSystemEnforces() throws Exception {
        RenderedNode node = node(definition("compute.yaml", null));
        Files.createFile(installed.resolve("firewalld"));
        node.runStep("05-packages").requireOk("permissive, already permissive");
        assertTrue(takeCalls().stream().noneMatch(c -> c.startsWith("setenforce")));

        Files.writeString(fakes.resolve("selinux-mode"), "Enforcing\n");
        node.runStep("05-packages").requireOk("permissive, enforcing");
        assertEquals(List.of("setenforce 0", "systemctl disable --now firewalld.service", "systemctl enable --now --no-block chronyd.service"),
                takeCalls(), "SELinux and firewalld before the servers start");

        Proc.Result absent = node.with(Map.of("STACKBAKE_SETENFORCE", dir.resolve("no-such-setenforce").toString()))
                .runStep("05-packages").requireOk("permissive, no setenforce");
        assertTrue(takeCalls().stream().noneMatch(c -> c.startsWith("setenforce")));
        assertTrue(absent.output().contains("SELinux: no getenforce/setenforce here"), absent.output());

        RenderedNode enforcing = node(definition("compute.yaml", "{selinux: enforcing, firewalld: disabled}"));
        Files.writeString(fakes.resolve("selinux-mode"), "Enforcing\n");
        enforcing.runStep("05-packages").requireOk("enforcing");
        assertTrue(takeCalls().stream().noneMatch(c -> c.startsWith("setenforce")));
    }

    @Test
    void firewalldIsDisabledOrAlsoMaskedAndMaskedEvenWhenNotInstalled() throws Exception {
        RenderedNode disabled = node(definition("compute.yaml", "{selinux: permissive, firewalld: disabled}"));
        disabled.runStep("05-packages").requireOk("disabled, not installed");
        assertTrue(takeCalls().stream().noneMatch(c -> c.contains("firewalld")), "nothing to disable");
        Files.createFile(installed.resolve("firewalld"));
        disabled.runStep("05-packages").requireOk("disabled, installed");
        assertEquals(List.of("systemctl disable --now firewalld.service", "systemctl enable --now --no-block chronyd.service"), takeCalls());

        RenderedNode masked = node(definition("compute.yaml", "{selinux: permissive, firewalld: masked}"));
        masked.runStep("05-packages").requireOk("masked, not installed");
        assertEquals(List.of(ONLINE, INSTALL), takeCalls().subList(0, 2));
        masked.runStep("05-packages").requireOk("masked, not installed, packages installed");
        assertEquals(List.of("systemctl mask firewalld.service", "systemctl enable --now --no-block chronyd.service"), takeCalls());
        Files.createFile(installed.resolve("firewalld"));
        masked.runStep("05-packages").requireOk("masked, installed");
        assertEquals(List.of("systemctl disable --now firewalld.service", "systemctl mask firewalld.service",
                "systemctl enable --now --no-block chronyd.service"), takeCalls());
    }
}
