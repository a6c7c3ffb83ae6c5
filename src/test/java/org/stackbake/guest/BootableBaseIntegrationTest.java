package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.stackbake.files.ProcessRunner;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.GuestRun;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.image.ClusterCounts;
import org.stackbake.image.ImageInfo;
import org.stackbake.image.QemuImg;

/**
 * synthetic:rocky-9-bootable, for real: the cached base (made here the first time: mmdebstrap of Debian 12
 * packages, rpmbuild, one appliance launch) is checked read-only through the product's libguestfs session on a
 * throwaway overlay, a probe unit is put in the overlay in that same launch, and then the overlay boots ONCE under
 * plain qemu TCG from its own disk (GRUB, no -kernel) with a virtio NIC in restricted user-mode networking. The
 * probe, ordered after multi-user.target, writes a line to the serial console; then the guest is powered off
 * through the monitor. What is real: the Debian userland, kernel, GRUB, systemd, NetworkManager, chronyd, rpm.
 * What is not: EL's identity files and the rpm database's empty packages (see README, "Synthetic bases").
 */
@Tag("boot")
@Timeout(value = 20, unit = TimeUnit.MINUTES) // the boot under TCG
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BootableBaseIntegrationTest {
    private static final String FLAVOR = "rocky-9-bootable";
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration POWERDOWN_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern GREETING =
            Pattern.compile("Welcome to (\\e\\[[0-9;]*m)?Rocky Linux 9\\.6 \\(Blue Onyx\\)");
    private static final Pattern PROBE = Pattern.compile("STACKBAKE-PROBE multi-user uptime=(\\S+) (.*)");

    /** Writes what the booted system reached to the serial console (the getty owns it by then: write directly). */
    private static final String PROBE_SCRIPT = """
            #!/bin/sh
            state() { printf '%s=%s ' "$1" "$(systemctl is-active "$1")"; }
            states="$(state NetworkManager.service)$(state chronyd.service)$(state network-online.target)"
            states="$states$(state mariadb.service)$(state memcached.service)"
            failed=$(systemctl list-units --state=failed --no-legend --plain | cut -d' ' -f1 | paste -sd, -)
            addr=$(ip -4 -br addr show scope global | tr -s ' ' | paste -sd';' -)
            rpmq=$(rpm -q --qf '%{NAME}' rocky-release)
            uptime=$(cut -d' ' -f1 /proc/uptime)
            echo "STACKBAKE-PROBE multi-user uptime=$uptime ${states}failed=$failed addr=$addr rpm=$rpmq" >/dev/ttyS0
            """;
    private static final String PROBE_UNIT = """
            [Unit]
            Description=stackbake test probe: report that multi-user.target was reached
            After=multi-user.target network-online.target
            Wants=network-online.target

            [Service]
            Type=oneshot
            ExecStart=/usr/local/sbin/stackbake-boot-probe

            [Install]
            WantedBy=multi-user.target
            """;

    Path work;
    Path overlay;
    String baseCreation = "cached";
    GuestFacts facts;
    ImageInfo baseInfo;
    ClusterCounts baseClusters;

    /** What the read-only checks saw in the one appliance launch. */
    record GuestFacts(String distro, String osRelease, String redhatRelease, String rockyRelease, String rpmMacros,
                      List<String> rpmQa, GuestRun whatProvidesVim, GuestRun userland, GuestRun dnf, List<String> listedPackages,
                      String memcachedUnit, String etcdUnit, String chronydUnit, String chronyMask, String myCnf,
                      String mariadbServerCnf, String passwd, String selinux, String nmConf, List<String> wants,
                      boolean cloudInitEnabled, boolean grubConfig, String machineId, String issue) {
    }

    @BeforeAll
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // mmdebstrap of the userland when its debs are not cached yet
    void makeBaseInspectAndAddProbe() throws Exception {
        work = Files.createTempDirectory("stackbake-bootable-");
        Path cached = GuestTestSupport.CACHE.syntheticBase(FLAVOR);
        boolean existed = Files.isRegularFile(cached);
        long start = System.nanoTime();
        Path base = GuestTestSupport.syntheticBase(FLAVOR);
        if (!existed) {
            baseCreation = "made in " + seconds(start) + " s";
        }
        System.out.println("[bootable base] " + base + ": " + baseCreation);
        QemuImg qemuImg = new QemuImg(new ProcessRunner());
        baseInfo = qemuImg.info(base);
        baseClusters = qemuImg.clusters(base);
        overlay = work.resolve("overlay.qcow2");
        run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base.toString(), overlay.toString()));

        GuestSession g = new LibguestfsBackend().open(overlay, "qcow2", false, Accel.AUTO, line -> { });
        try (g) {
            String units = "/usr/lib/systemd/system/";
            facts = new GuestFacts(g.os().distro() + " " + g.os().version() + " " + g.os().packageFormat(),
                    g.readText("/etc/os-release"), g.readText("/etc/redhat-release"), g.readText("/etc/rocky-release"),
                    g.readText("/etc/rpm/macros"),
                    g.run(List.of("rpm", "-qa", "--qf", "%{NAME}\\n")).lines().sorted().toList(),
                    g.tryRun(List.of("rpm", "-q", "--whatprovides", "vim", "--qf", "%{NAME}")),
                    g.tryRun(List.of("rpm", "-q", "--qf", "%{NAME}\\n", "--whatprovides", "/bin/sh", "bash",
                            "libc.so.6()(64bit)", "libc.so.6(GLIBC_2.34)(64bit)", "python(abi)")),
                    g.tryRun(List.of("dnf", "--version")),
                    g.installedPackages(),
                    g.readText(units + "memcached.service"), g.readText(units + "etcd.service"),
                    g.readText(units + "chronyd.service"), g.readlink("/etc/systemd/system/chrony.service"),
                    g.readText("/etc/my.cnf"), g.readText("/etc/mysql/mariadb.conf.d/50-server.cnf"),
                    g.readText("/etc/passwd"), g.readText("/etc/selinux/config"),
                    g.readText("/etc/NetworkManager/NetworkManager.conf"),
                    g.run(List.of("ls", "/etc/systemd/system/multi-user.target.wants")).lines().toList(),
                    g.exists("/etc/systemd/system/cloud-init.target.wants/cloud-init.service"),
                    g.exists("/boot/grub/grub.cfg") && g.exists("/boot/grub/i386-pc/core.img"),
                    g.readText("/etc/machine-id"), g.readText("/etc/issue"));
            // The probe goes into the throwaway overlay only; the cached base stays as made.
            g.writeText("/usr/local/sbin/stackbake-boot-probe", PROBE_SCRIPT, 0755);
            g.writeText("/etc/systemd/system/stackbake-boot-probe.service", PROBE_UNIT, 0644);
            g.symlink("/etc/systemd/system/stackbake-boot-probe.service",
                    "/etc/systemd/system/multi-user.target.wants/stackbake-boot-probe.service");
        }
    }

    @AfterAll
    void removeWork() throws IOException {
        try (Stream<Path> walk = Files.walk(work)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** As a cloud image is: so it is its own packed copy, and no build from it compresses its gigabyte again. */
    @Test
    void isWrittenZlibCompressedAndStandalone() {
        assertEquals("qcow2", baseInfo.format());
        assertEquals("zlib", baseInfo.compressionType());
        assertFalse(baseInfo.hasBackingFile());
        assertTrue(baseClusters.compressedShare() >= 0.5, "compressed clusters: " + baseClusters);
    }

    @Test
    void looksLikeRocky9ToInspectionAndRpm() {
        assertEquals("rocky 9.6 rpm", facts.distro());
        assertTrue(facts.osRelease().contains("PRETTY_NAME=\"Rocky Linux 9.6 (Blue Onyx)\""), facts.osRelease());
        assertEquals("Rocky Linux release 9.6 (Blue Onyx)", facts.redhatRelease().strip());
        assertEquals("Rocky Linux release 9.6 (Blue Onyx)", facts.rockyRelease().strip());
        assertTrue(facts.rpmMacros().contains("%_dbpath /var/lib/rpm"), facts.rpmMacros());
        // The guest's own rpm (Debian's 4.18) reads the database where EL keeps it.
        assertTrue(facts.rpmQa().containsAll(List.of("rocky-release", "vim-enhanced", "bash-completion", "chrony",
                "python3-openstackclient", "openstack-selinux", "mariadb", "mariadb-server", "python3-PyMySQL",
                "rabbitmq-server", "memcached", "python3-memcached", "etcd", "dnf-plugins-core", "epel-release",
                "stackbake-debian-userland")), facts.rpmQa().toString());
        assertEquals(new GuestRun(true, "vim-enhanced"), facts.whatProvidesVim());
        // What ordinary RPMs require is declared, so the guest's dnf can install them.
        assertEquals(new GuestRun(true, "stackbake-debian-userland\n".repeat(5)), facts.userland());
        assertTrue(facts.dnf().succeeded() && facts.dnf().output().startsWith("4."), facts.dnf().output());
        assertTrue(facts.listedPackages().stream().anyMatch(p -> p.startsWith("mariadb-server-")),
                facts.listedPackages().toString());
        assertTrue(facts.machineId().isEmpty(), "machine-id is made at first boot: " + facts.machineId());
        // The console's text before a login: EL's, labelled SYNTHETIC, not Debian's.
        assertTrue(facts.issue().startsWith("\\S\nKernel \\r on an \\m\nSYNTHETIC stackbake test base: a Debian 12 userland"),
                facts.issue());
    }

    @Test
    void servicesAreLaidOutTheElWayAndNotEnabled() {
        assertTrue(facts.memcachedUnit().contains("EnvironmentFile=-/etc/sysconfig/memcached"));
        assertTrue(facts.memcachedUnit().contains(
                "ExecStart=/usr/bin/memcached -p ${PORT} -u ${USER} -m ${CACHESIZE} -c ${MAXCONN} $OPTIONS"));
        assertFalse(facts.memcachedUnit().contains("Restart="), "EL's memcached unit has no Restart=");
        assertTrue(facts.etcdUnit().contains("EnvironmentFile=-/etc/etcd/etcd.conf"));
        assertTrue(facts.etcdUnit().contains("User=etcd"));
        assertTrue(facts.chronydUnit().contains("ExecStart=/usr/sbin/chronyd -f /etc/chrony.conf $OPTIONS"));
        assertEquals("/dev/null", facts.chronyMask());
        assertTrue(facts.myCnf().contains("!includedir /etc/my.cnf.d"));
        assertTrue(facts.mariadbServerCnf().lines().allMatch(l -> l.isBlank() || l.startsWith("#")),
                "Debian's 50-server.cnf sets nothing: " + facts.mariadbServerCnf());
        assertTrue(facts.passwd().lines().anyMatch(l -> l.startsWith("memcached:")), "EL's memcached user");
        assertTrue(facts.passwd().lines().anyMatch(l -> l.startsWith("etcd:")), "etcd user");
        assertTrue(facts.selinux().lines().anyMatch("SELINUX=enforcing"::equals));
        assertTrue(facts.nmConf().contains("plugins=keyfile"), facts.nmConf());
        assertTrue(facts.wants().containsAll(List.of("NetworkManager.service", "chronyd.service")),
                facts.wants().toString());
        assertTrue(facts.cloudInitEnabled(), "cloud-init enabled (through cloud-init.target, as Debian's unit says)");
        for (String server : List.of("mariadb.service", "rabbitmq-server.service", "memcached.service", "etcd.service",
                "epmd.service", "chrony.service", "systemd-networkd.service")) {
            assertFalse(facts.wants().contains(server), server + " must not be enabled in the base: " + facts.wants());
        }
        assertTrue(facts.grubConfig(), "GRUB's core image and grub.cfg are on /boot");
    }

    @Test
    void bootsFromItsOwnDiskToMultiUser() throws Exception {
        Path console = work.resolve("console.log");
        Path monitor = work.resolve("monitor.sock");
        List<String> qemu = List.of("qemu-system-x86_64", "-accel", "tcg", "-m", "2048", "-smp", "2",
                "-display", "none", "-no-reboot", "-serial", "file:" + console,
                "-monitor", "unix:" + monitor + ",server,nowait",
                "-drive", "file=" + overlay + ",if=virtio,format=qcow2",
                "-netdev", "user,id=mgmt,net=192.168.8.0/24,host=192.168.8.2,restrict=on",
                "-device", "virtio-net-pci,netdev=mgmt,mac=52:54:00:5b:00:10");
        Process vm = new ProcessBuilder(qemu).redirectErrorStream(true)
                .redirectOutput(work.resolve("qemu.out").toFile()).start();
        long start = System.nanoTime();
        try {
            Optional<Matcher> probe = waitForProbe(console, vm);
            String log = Files.readString(console, StandardCharsets.ISO_8859_1);
            if (probe.isEmpty()) {
                fail("no probe line within " + BOOT_TIMEOUT.toMinutes() + " min (qemu "
                        + (vm.isAlive() ? "running" : "exited " + vm.exitValue()) + "); console tail:\n" + tail(log));
            }
            System.out.println("[bootable base] multi-user at guest uptime " + probe.get().group(1) + " s, "
                    + seconds(start) + " s wall since qemu started: " + probe.get().group(2));
            // systemd greets with os-release's PRETTY_NAME, coloured with its ANSI_COLOR.
            assertTrue(GREETING.matcher(log).find(), "systemd's greeting:\n" + log.lines().limit(200)
                    .filter(l -> l.contains("Welcome")).toList());
            String state = probe.get().group(2);
            assertTrue(state.contains("NetworkManager.service=active "), state);
            assertTrue(state.contains("chronyd.service=active "), state);
            assertTrue(state.contains("network-online.target=active "), state);
            // Installed, not enabled: nothing starts the servers until a build enables them.
            assertTrue(state.contains("mariadb.service=inactive "), state);
            assertTrue(state.contains("memcached.service=inactive "), state);
            assertTrue(state.contains("failed= "), "no failed units: " + state);
            assertTrue(state.contains("rpm=rocky-release"), state);

            long down = System.nanoTime();
            monitor(monitor, "system_powerdown");
            assertTrue(vm.waitFor(POWERDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                    "the guest did not power off within " + POWERDOWN_TIMEOUT.toSeconds() + " s");
            System.out.println("[bootable base] powered off in " + seconds(down) + " s");
        } finally {
            if (vm.isAlive()) {
                vm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            // Kept for whoever reads a failure (CI keeps target/).
            if (Files.exists(console)) {
                Files.copy(console, Path.of("target", "bootable-base-console.log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static Optional<Matcher> waitForProbe(Path console, Process vm) throws Exception {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && vm.isAlive()) {
            if (Files.exists(console)) {
                Matcher m = PROBE.matcher(Files.readString(console, StandardCharsets.ISO_8859_1));
                if (m.find()) {
                    return Optional.of(m);
                }
            }
            Thread.sleep(2000);
        }
        return Optional.empty();
    }

    /**
     * Sends one command to qemu's human monitor and waits for its next prompt: qemu drops a command whose
     * connection closes before it was read.
     */
    private static void monitor(Path socket, String command) throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.configureBlocking(false);
            StringBuilder reply = new StringBuilder();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // The greeting ends with a prompt; the command's echo and result end with the second one.
            while (reply.toString().split("\\(qemu\\)", -1).length < 3 && System.nanoTime() < deadline) {
                buffer.clear();
                if (channel.read(buffer) > 0) {
                    reply.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1));
                } else {
                    Thread.sleep(100);
                }
            }
            assertTrue(reply.toString().split("\\(qemu\\)", -1).length >= 3, "qemu monitor did not answer "
                    + command + ": " + reply);
        }
    }

    private static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static long seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), command + ": " + out);
    }
}
