package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.stackbake.boot.BootResult;
import org.stackbake.boot.BootSpec;
import org.stackbake.boot.BootTest;
import org.stackbake.boot.ManagementLink;
import org.stackbake.cli.CliRunner;
import org.stackbake.files.FileTrees;
import org.stackbake.guest.api.GuestBackends;
import org.stackbake.guest.api.GuestDisk;
import org.stackbake.guest.api.GuestDisks;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.files.ProcessRunner;

/**
 * Issue 9's proof that the images work as booted machines: a controller and a compute node built
 * (MAC-matched variants of the shipped epoxy definitions, env: service passwords) from the
 * bootable test base, booted at once on one management network (qemu under TCG, nothing leaves
 * the machine), then booted a second time. Both boots are "bare metal": no cloud-init datasource.
 * Facts only visible inside a node come from a test-only unit injected into the test's own copy
 * of each built image (never into the image itself), printed on the serial console. This class boots the EL9
 * generation ({@code synthetic:rocky-9-bootable}); {@link El10BootIntegrationTest} runs the same tests on EL10.
 */
@Tag("boot")
@Timeout(value = 40, unit = TimeUnit.MINUTES) // each boot within BOOT_BUDGET, then FACTS_BUDGET
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BootIntegrationTest {
    private static final String CONTROLLER_MAC = "52:54:00:00:08:10";
    private static final String COMPUTE_MAC = "52:54:00:00:08:20";
    private static final Duration BOOT_BUDGET = Duration.ofMinutes(30);
    private static final Duration FACTS_BUDGET = Duration.ofMinutes(6);
    /** Set for the test JVM by pom.xml (surefire environmentVariables), read by the build as env: secrets. */
    private static final String DB_PASSWORD = System.getenv("STACKBAKE_IT_MARIADB_ROOT");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path work;
    private Path controllerDef;
    private Path computeDef;
    private Path controllerDisk;
    private Path computeDisk;
    private final Map<String, BootResult> firstBoot = new HashMap<>();
    private final Map<String, BootResult> secondBoot = new HashMap<>();

    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES) // two builds under TCG
    void buildAndPrepare() throws Exception {
        // The bootable base has no repositories, and this build is online: updates (SecurityUpdateIntegrationTest) are off.
        String noUpdates = "updates: none\n";
        work = Files.createTempDirectory("stackbake-boot-it-");
        GuestTestSupport.syntheticBase(flavor());
        prepare(work);
        Path shipped = shipped();
        Files.writeString(work.resolve("site.yaml"), site(Files.readString(shipped.resolve("site.yaml"))));
        // Secret entries of the including file replace the site's: passwords the test knows, delivered as hashes.
        controllerDef = macMatched(shipped.resolve("controller.yaml"), "controller.yaml", CONTROLLER_MAC, "52:54:00:00:08:11",
                "secrets:\n  mariadb_root: {env: STACKBAKE_IT_MARIADB_ROOT}\n  rabbitmq_openstack: {env: STACKBAKE_IT_RABBITMQ}\n"
                        + noUpdates);
        computeDef = macMatched(shipped.resolve("compute.yaml"), "compute.yaml", COMPUTE_MAC, "52:54:00:00:08:21",
                "cloudInit: disabled\n" + noUpdates);
        // One batch build (one appliance launch for both images), then one launch injects both test copies.
        // Uncompressed: compressing two gigabyte images is a minute of CPU that booting does not need.
        List<String> args = new ArrayList<>(List.of("build", controllerDef.toString(), computeDef.toString(),
                "--base", "synthetic:" + flavor(), "--output-dir", Files.createDirectories(work.resolve("images")).toString(),
                "--json", "--no-compress"));
        args.addAll(buildOptions(work));
        CliRunner.Result build = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, build.exitCode(), "build: " + build.out() + build.err());
        controllerDisk = testCopy("controller", builtImage(build, "controller"));
        computeDisk = testCopy("compute", builtImage(build, "compute"));
        injectFacts();
    }

    @AfterAll
    void cleanUp() throws IOException {
        if (work != null) {
            FileTrees.delete(work);
        }
    }

    @Test
    @Order(1)
    void firstBootFinishesOnBothNodesAndEveryServiceAnswersFromOutside() throws Exception {
        firstBoot.putAll(bootBoth(1, false));
        BootResult controller = firstBoot.get("controller");
        BootResult compute = firstBoot.get("compute");
        assertTrue(controller.passed(), "controller: " + controller.verdict() + "\n" + String.join("\n", controller.consoleTail()));
        assertTrue(compute.passed(), "compute: " + compute.verdict() + "\n" + String.join("\n", compute.consoleTail()));
        assertTrue(controller.report().orElseThrow().done());
        assertTrue(compute.report().orElseThrow().done());
        // MariaDB refuses root from the host (qemu's gateway address) with 1130; AMQP logged in as openstack.
        assertTrue(probe(controller, "mariadb").startsWith("OK") && probe(controller, "mariadb").contains("1130"), probe(controller, "mariadb"));
        assertTrue(probe(controller, "rabbitmq").startsWith("OK") && probe(controller, "rabbitmq").contains("logged in as openstack"), probe(controller, "rabbitmq"));
        assertTrue(probe(controller, "memcached").startsWith("OK"), probe(controller, "memcached"));
        assertTrue(probe(controller, "etcd").startsWith("OK"), probe(controller, "etcd"));
    }

    @Test
    @Order(2)
    void nodesHaveTheirNamesAddressesAndServersAsDefined() throws Exception {
        Facts controller = facts("controller", firstBoot, 1);
        Facts compute = facts("compute", firstBoot, 1);
        assertEquals(List.of("controller"), controller.get("hostname"));
        assertEquals(List.of("node"), compute.get("hostname"));
        assertAddresses(controller, CONTROLLER_MAC, "192.168.8.10/24");
        assertAddresses(compute, COMPUTE_MAC, "192.168.8.20/24");

        List<String> databases = controller.get("mariadb-databases");
        assertTrue(databases.contains("mysql"), "local root login with the password: " + databases);
        assertFalse(databases.contains("test"), "the test database is gone: " + databases);

        // memcached listens on 127.0.0.1, ::1 and the management address, nowhere else.
        List<String> memcached = controller.get("listen").stream().filter(l -> l.contains(":11211")).map(Facts::localAddress).sorted().toList();
        assertEquals(List.of("127.0.0.1:11211", "192.168.8.10:11211", "[::1]:11211"), memcached);
        assertTrue(controller.get("listen").stream().anyMatch(l -> l.contains("192.168.8.10:2379")), "etcd on the management address");

        assertTrue(compute.get("chrony-sources").stream().anyMatch(l -> l.startsWith("^*") && l.contains("192.168.8.10")),
                "the compute node's chrony selected the controller: " + compute.get("chrony-sources") + " "
                        + compute.get("chrony-sourcestats"));
    }

    @Test
    @Order(3)
    void bareMetalBootLeavesTheManagedFilesAloneAndDisabledCloudInitNeverRuns() throws Exception {
        Facts controller = facts("controller", firstBoot, 1);
        Facts compute = facts("compute", firstBoot, 1);
        assertManagedFilesAsBuilt(controller, controllerDef);
        assertManagedFilesAsBuilt(compute, computeDef);
        List<String> run = compute.get("cloud-init-run");
        assertFalse(run.isEmpty(), "the facts unit listed /run/cloud-init");
        for (String trace : List.of("enabled", "status.json", "result.json")) {
            assertFalse(run.contains(trace), "cloudInit: disabled: cloud-init does not run at all, yet /run/cloud-init has " + run);
        }
        for (String unit : List.of("cloud-init-local", "cloud-init", "cloud-init-main", "cloud-init-network",
                "cloud-config", "cloud-final")) {
            assertTrue(compute.get("unit").contains(unit + " inactive"), unit + ": " + compute.get("unit"));
        }
    }

    @Test
    @Order(4)
    void aSecondBootRerunsNothingAndEveryServiceComesBack() throws Exception {
        secondBoot.putAll(bootBoth(2, true));
        for (String node : List.of("controller", "compute")) {
            BootResult result = secondBoot.get(node);
            assertTrue(result.passed(), node + " second boot: " + result.verdict() + "\n" + String.join("\n", result.consoleTail()));
            assertTrue(facts(node, secondBoot, 2).get("firstboot-journal").stream()
                    .noneMatch(l -> l.contains("firstboot-line: step")), "no step ran on the second boot");
        }
        Facts controller = facts("controller", secondBoot, 2);
        for (String unit : List.of("mariadb", "rabbitmq-server", "memcached", "etcd", "chronyd")) {
            assertTrue(controller.get("unit").contains(unit + " active"), unit + " back after reboot: " + controller.get("unit"));
        }
        assertTrue(controller.get("listen").stream().anyMatch(l -> l.contains("192.168.8.10:11211")), "memcached on the management address");
    }

    /** The generation's servers and CPU level, as the nodes showed them; printed for the CI log. */
    @Test
    @Order(5)
    void theServersAndCpuAreThoseOfTheGeneration() throws Exception {
        Facts controller = facts("controller", firstBoot, 1);
        String mariadb = String.join(" ", controller.get("mariadb-version"));
        String rabbitmq = probe(firstBoot.get("controller"), "rabbitmq");
        System.out.println("[" + flavor() + "] servers seen: MariaDB " + mariadb + " (SELECT VERSION() on the node: from"
                + " the host it refuses root with 1130 before any greeting); RabbitMQ: " + rabbitmq);
        assertTrue(mariadb.startsWith(mariadbSeries()), "MariaDB " + mariadbSeries() + ": " + mariadb);
        // The boot report (what `stackbake boot-test` prints) names the version the server reported in the guest.
        String reported = firstBoot.get("controller").report().orElseThrow().checks().stream()
                .filter(c -> c.check().equals("mariadb")).findFirst().orElseThrow()
                .seenVersion().orElse("none");
        assertEquals(mariadb, reported, "the report's MariaDB version is SELECT VERSION()'s");
        assertTrue(rabbitmq.contains("(RabbitMQ " + rabbitmqSeries()), "RabbitMQ " + rabbitmqSeries() + " named in"
                + " server-properties: " + rabbitmq);
        for (String node : List.of("controller", "compute")) {
            List<String> cpu = facts(node, firstBoot, 1).get("cpu");
            System.out.println("[" + flavor() + "] " + node + " CPU: " + cpu);
            assertTrue(cpu.contains(cpuLevel() + " (supported, searched)"), node + " runs " + cpuLevel() + ": " + cpu);
        }
    }

    // --- the generation (EL10 overrides these)

    String flavor() {
        return "rocky-9-bootable";
    }

    /** The shipped definitions the test copies are made from. */
    Path shipped() {
        return Path.of("images/epoxy");
    }

    /** Made after the base, before the definitions are written (EL10: the etcd artifact's stand-in). */
    void prepare(Path work) throws Exception {
    }

    /** The test copy's site.yaml from the shipped one. */
    String site(String shipped) {
        return shipped;
    }

    /** More build options, e.g. where the build finds the artifacts the definitions name. */
    List<String> buildOptions(Path work) throws Exception {
        return List.of();
    }

    String mariadbSeries() {
        return "10.11.";
    }

    String rabbitmqSeries() {
        return "3.";
    }

    /** The x86-64 level the guest's glibc must find supported (EL9's glibc needs v2). */
    String cpuLevel() {
        return "x86-64-v2";
    }

    // --- building and booting

    private Path macMatched(Path shipped, String name, String mgmtMac, String providerMac, String extra) throws IOException {
        String text = Files.readString(shipped)
                .replaceFirst("match: \\{interface: ens160\\}", "match: {mac: \"" + mgmtMac + "\"}")
                .replaceFirst("match: \\{interface: ens224\\}", "match: {mac: \"" + providerMac + "\"}");
        assertTrue(text.contains(mgmtMac) && text.contains(providerMac), "the shipped definition changed shape: " + shipped);
        Path def = work.resolve(name);
        Files.writeString(def, text + extra);
        return def;
    }

    private static Path builtImage(CliRunner.Result build, String name) throws IOException {
        for (String line : build.out().lines().toList()) {
            JsonNode image = JSON.readTree(line);
            if (image.get("name").asText().equals(name)) {
                assertEquals("built", image.get("status").asText(), line);
                return Path.of(image.get("output").asText());
            }
        }
        throw new AssertionError("no " + name + " in the build's JSON: " + build.out());
    }

    /** A disposable overlay of the built image: the test's facts unit goes there, never into the image. */
    private Path testCopy(String node, Path image) throws Exception {
        Path disk = work.resolve(node + "-disk.qcow2");
        new ProcessRunner().run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", image.toString(),
                disk.toString()), Duration.ofMinutes(1));
        return disk;
    }

    /** Adds the test-only facts unit to both test copies with one appliance launch. */
    private void injectFacts() throws Exception {
        String script = Files.readString(Path.of("src/test/resources/boot/boottest-facts.sh"));
        try (GuestDisks disks = GuestBackends.load().openMany(List.of(GuestDisk.of(controllerDisk),
                GuestDisk.of(computeDisk)), "qcow2", false, GuestTestSupport.accel(), line -> { }, false)) {
            for (int index = 0; index < 2; index++) {
                boolean controller = index == 0;
                try (GuestSession guest = disks.select(index)) {
                    guest.mkdirs("/var/lib/boottest");
                    guest.writeText("/usr/local/sbin/boottest-facts", script, 0755);
                    guest.writeText("/etc/systemd/system/boottest-facts.service", """
                            [Unit]
                            Description=BootIntegrationTest facts (test copy only)
                            After=stackbake-firstboot.service network-online.target mariadb.service rabbitmq-server.service memcached.service etcd.service chronyd.service
                            [Service]
                            Type=oneshot
                            ExecStart=/usr/local/sbin/boottest-facts
                            [Install]
                            WantedBy=multi-user.target
                            """, 0644);
                    guest.symlink("/etc/systemd/system/boottest-facts.service",
                            "/etc/systemd/system/multi-user.target.wants/boottest-facts.service");
                    if (controller) {
                        guest.writeText("/var/lib/boottest/mariadb_root", DB_PASSWORD, 0600);
                    } else {
                        guest.writeText("/var/lib/boottest/chrony-client", "", 0644);
                    }
                }
            }
        }
    }

    /** Boots controller and compute at once on one management segment; the controller carries the gateway and forwards. */
    private Map<String, BootResult> bootBoth(int boot, boolean later) throws Exception {
        ManagementLink.PeerLink[] link = ManagementLink.pair();
        // Neither node powers off before both have printed their facts: compute's chrony may still be polling the
        // controller (after a lost iburst, a client needs three 64 s polls to select), as it would in a real cloud.
        CountDownLatch controllerFacts = new CountDownLatch(1);
        CountDownLatch computeFacts = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<BootResult> controller = pool.submit(() -> boot("controller", controllerDisk, controllerDef, link[0], boot, later,
                    controllerFacts, computeFacts));
            Future<BootResult> compute = pool.submit(() -> boot("compute", computeDisk, computeDef, link[1], boot, later,
                    computeFacts, controllerFacts));
            return Map.of("controller", controller.get(), "compute", compute.get());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Boots one node; {@code ownFacts} opens once its facts are printed (or its boot ended), {@code peerFacts} is awaited before power-off. */
    private BootResult boot(String node, Path disk, Path def, ManagementLink link, int boot, boolean later,
            CountDownLatch ownFacts, CountDownLatch peerFacts) throws Exception {
        try {
            return bootOne(node, disk, def, link, boot, later, ownFacts, peerFacts);
        } finally {
            ownFacts.countDown(); // a node that failed early never holds its peer up
        }
    }

    private BootResult bootOne(String node, Path disk, Path def, ManagementLink link, int boot, boolean later,
            CountDownLatch ownFacts, CountDownLatch peerFacts) throws Exception {
        BootSpec spec = BootSpec.of(disk).withDefinition(def).withTimeout(BOOT_BUDGET).withAccel(GuestTestSupport.accel())
                .withConsole(work.resolve(node + "-boot" + boot + ".console.log")).withManagementLink(link)
                .withExtraTcpPorts(List.of(5672)).bootedInPlace();
        if (later) {
            spec = spec.asLaterBoot();
        }
        Path console = work.resolve(node + "-boot" + boot + ".console.log");
        BootResult result = new BootTest(line -> System.out.println("[" + node + " boot " + boot + "] " + line))
                .run(spec, running -> {
                    if (node.equals("controller")) {
                        assertGuestRefused(running.hostPort(5672).orElseThrow());
                    }
                    awaitFacts(console, boot);
                    ownFacts.countDown();
                    peerFacts.await(FACTS_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
                });
        // Keep the consoles for the CI log.
        Files.createDirectories(Path.of("target/boot-it"));
        Files.copy(console, Path.of("target/boot-it").resolve(console.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return result;
    }

    private static void assertGuestRefused(int port) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setConnectionTimeout(20_000);
        try (var connection = factory.newConnection()) {
            fail("RabbitMQ let 'guest' log in");
        } catch (Exception refused) {
            // expected: the guest user was deleted by first boot
        }
    }

    private static void awaitFacts(Path console, int boot) throws Exception {
        long deadline = System.nanoTime() + FACTS_BUDGET.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(console) && Files.readString(console, StandardCharsets.ISO_8859_1)
                    .contains("boottest-fact " + boot + " done")) {
                return;
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("the facts unit did not finish within " + FACTS_BUDGET.toMinutes() + " min");
    }

    // --- reading what the nodes said

    private Facts facts(String node, Map<String, BootResult> boots, int boot) throws IOException {
        BootResult result = boots.get(node);
        assertTrue(result != null, node + " was not booted (an earlier test failed)");
        return Facts.read(result.console(), boot);
    }

    private static String probe(BootResult result, String service) {
        return result.probes().stream().filter(p -> p.probe().service().equals(service)).map(p -> p.status() + " " + p.detail())
                .findFirst().orElse("no " + service + " probe");
    }

    private static void assertAddresses(Facts facts, String mgmtMac, String address) {
        List<String> links = facts.get("link");
        String mgmt = interfaceWith(links, mgmtMac);
        String provider = links.stream().filter(l -> !l.contains(mgmtMac) && l.contains("link/ether"))
                .map(BootIntegrationTest::interfaceName).findFirst().orElseThrow();
        assertTrue(facts.get("ipv4").stream().anyMatch(l -> l.contains(" " + mgmt + " ") && l.contains("inet " + address)),
                mgmt + " carries " + address + ": " + facts.get("ipv4"));
        assertTrue(links.stream().anyMatch(l -> interfaceName(l).equals(provider) && l.contains("state UP")),
                "the provider NIC is up: " + links);
        assertTrue(facts.get("ipv4").stream().noneMatch(l -> l.contains(" " + provider + " ")), "no IPv4 on " + provider);
        assertTrue(facts.get("ipv6").stream().noneMatch(l -> l.contains(" " + provider + " ")), "no IPv6 on " + provider);
    }

    private static String interfaceWith(List<String> links, String mac) {
        return links.stream().filter(l -> l.contains(mac)).map(BootIntegrationTest::interfaceName).findFirst()
                .orElseThrow(() -> new AssertionError("no NIC with " + mac + ": " + links));
    }

    /** "2: ens3: <BROADCAST,...> ..." → "ens3" */
    private static String interfaceName(String ipLinkLine) {
        return ipLinkLine.split(":\\s+")[1].split("@")[0];
    }

    /**
     * The hosts file, hostname and keyfiles are byte for byte what the build injected: `render` writes
     * exactly the tree a build injects (the manifest leaves the 0600 keyfiles' digests out).
     */
    private void assertManagedFilesAsBuilt(Facts facts, Path definition) throws IOException {
        Path rendered = work.resolve("rendered-" + definition.getFileName());
        CliRunner.Result render = CliRunner.run("render", definition.toString(), "-o", rendered.toString(), "--force");
        assertEquals(0, render.exitCode(), render.err());
        List<String> managed = facts.get("managed");
        assertEquals(4, managed.size(), "hosts, hostname, two keyfiles: " + managed);
        for (String line : managed) {
            String[] hashAndPath = line.trim().split("\\s+");
            String built = org.apache.commons.codec.digest.DigestUtils.sha256Hex(Files.readAllBytes(
                    rendered.resolve(hashAndPath[1].substring(1))));
            assertEquals(built, hashAndPath[0], hashAndPath[1] + " changed after boot");
        }
    }

    /** The "boottest-fact BOOT KEY: LINE" lines of one boot's console, by key. */
    private record Facts(Map<String, List<String>> byKey) {
        static Facts read(Path console, int boot) throws IOException {
            Map<String, List<String>> byKey = new HashMap<>();
            String prefix = "boottest-fact " + boot + " ";
            for (String raw : Files.readAllLines(console, StandardCharsets.ISO_8859_1)) {
                int at = raw.indexOf(prefix);
                int colon = at < 0 ? -1 : raw.indexOf(": ", at + prefix.length());
                if (colon < 0) {
                    continue;
                }
                byKey.computeIfAbsent(raw.substring(at + prefix.length(), colon), k -> new ArrayList<>())
                        .add(raw.substring(colon + 2).replace("\r", ""));
            }
            return new Facts(byKey);
        }

        List<String> get(String key) {
            return byKey.getOrDefault(key, List.of());
        }

        /** The local address:port column of an `ss -ltnH` line. */
        static String localAddress(String ssLine) {
            return ssLine.trim().split("\\s+")[3];
        }
    }
}
