package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stackbake.cli.CliRunner;
import org.stackbake.guest.api.GuestDisk;
import org.stackbake.guest.api.GuestDisks;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.files.Sha256;

/**
 * Real libguestfs (TCG here), synthetic Rocky 9 base; three builds and one read-only check share
 * four appliance launches:
 * <ol>
 * <li>a folder with controller and compute: ONE launch, two outputs;</li>
 * <li>the same again: both skipped as unchanged, no launch;</li>
 * <li>a template only the controller uses is overridden, and a third definition whose base holds no
 * OS is added: the controller is rebuilt, compute skipped, the third fails in the appliance while
 * the controller's new output is published;</li>
 * <li>the three outputs opened read-only on one appliance and compared.</li>
 * </ol>
 */
@Tag("libguestfs")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchBuildIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OVERRIDE = "# overridden for the batch test\n[mysqld]\n";

    Path work;
    Path defs;
    Path out;
    CliRunner.Result first;
    CliRunner.Result second;
    CliRunner.Result third;
    List<JsonNode> firstJson;
    List<JsonNode> secondJson;
    List<JsonNode> thirdJson;
    final List<String> controllerFiles = new ArrayList<>();
    final List<String> computeFiles = new ArrayList<>();
    final List<String> rebuiltFiles = new ArrayList<>();

    @BeforeAll
    void buildThreeTimesAndOpenTheOutputs() throws Exception {
        GuestTestSupport.syntheticBase("rocky-9");
        work = Files.createTempDirectory("stackbake-batch-it-");
        defs = Files.createDirectories(work.resolve("defs"));
        Files.copy(Path.of("images/epoxy/site.yaml"), defs.resolve("site.yaml"));
        for (String node : List.of("controller", "compute")) {
            Files.writeString(defs.resolve(node + ".yaml"), Files.readString(Path.of("images/epoxy/" + node + ".yaml"))
                    + "base: synthetic:rocky-9\ninstall: firstboot\n"); // the synthetic base has no dnf
        }
        out = Files.createDirectories(work.resolve("out"));

        first = CliRunner.run("build", defs.toString(), "--output-dir", out.toString(), "--json");
        firstJson = json(first);
        second = CliRunner.run("build", defs.toString(), "--output-dir", out.toString(), "--json");
        secondJson = json(second);

        Path templates = Files.createDirectories(work.resolve("templates/etc/my.cnf.d"));
        Files.writeString(templates.resolve("openstack.cnf.ftl"), OVERRIDE);
        Path broken = Files.createDirectories(work.resolve("broken"));
        Files.copy(Path.of("images/epoxy/site.yaml"), broken.resolve("site.yaml"));
        Files.writeString(broken.resolve("broken.yaml"), Files.readString(Path.of("images/epoxy/compute.yaml"))
                .replace("name: compute", "name: broken") + "base: empty.qcow2\ninstall: firstboot\n");
        run("qemu-img", "create", "-q", "-f", "qcow2", broken.resolve("empty.qcow2").toString(), "64M");
        third = CliRunner.run("build", broken.resolve("broken.yaml").toString(), defs.toString(), "--output-dir",
                out.toString(), "--templates", work.resolve("templates").toString(), "--json");
        thirdJson = json(third);

        List<Path> images = List.of(output(firstJson, "controller"), output(firstJson, "compute"),
                output(thirdJson, "controller"));
        try (GuestDisks disks = new LibguestfsBackend().openMany(images.stream().map(GuestDisk::of).toList(), "qcow2",
                true, GuestTestSupport.accel(), l -> { }, false)) {
            List<List<String>> files = List.of(controllerFiles, computeFiles, rebuiltFiles);
            for (int i = 0; i < images.size(); i++) {
                try (GuestSession image = disks.select(i)) {
                    for (String path : List.of("/etc/hostname",
                            "/etc/NetworkManager/system-connections/ens160.nmconnection", "/etc/my.cnf.d/openstack.cnf")) {
                        files.get(i).add(image.exists(path) ? new String(image.readBytes(path), StandardCharsets.UTF_8) : "");
                    }
                }
            }
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

    @Test
    void twoDefinitionsAreBuiltWithOneApplianceLaunch() throws Exception {
        assertEquals(0, first.exitCode(), first.out() + first.err());
        assertEquals(1, launches(first), first.err());
        assertEquals(List.of("built", "built"), firstJson.stream().map(j -> j.get("status").asText()).toList());
        for (JsonNode image : firstJson) {
            Path output = Path.of(image.get("output").asText());
            assertEquals(Sha256.of(output), image.get("sha256").asText());
            run("sh", "-c", "cd " + output.getParent() + " && sha256sum -c " + output.getFileName() + ".sha256");
            JsonNode manifest = JSON.readTree(Path.of(output + ".json").toFile());
            assertEquals(64, manifest.get("inputKey").asText().length(), manifest.toString());
            assertTrue(image.get("steps").toString().contains("launch appliance"), image.toString());
        }
        assertTrue(output(firstJson, "controller").getFileName().toString().matches("controller-epoxy-\\d{8}\\.1\\.qcow2"));
        assertTrue(first.err().lines().anyMatch(l -> l.startsWith("[controller] [1/") && l.contains("upload")), first.err());
        assertTrue(first.err().lines().anyMatch(l -> l.startsWith("[compute] [1/") && l.contains("upload")), first.err());
    }

    @Test
    void bothOutputsDifferWhereTheDefinitionsDiffer() {
        assertEquals("controller\n", controllerFiles.get(0));
        assertEquals("node\n", computeFiles.get(0));
        assertTrue(controllerFiles.get(1).contains("192.168.8.10/24"), controllerFiles.get(1));
        assertTrue(computeFiles.get(1).contains("192.168.8.20/24"), computeFiles.get(1));
        assertTrue(controllerFiles.get(2).contains("bind-address"), "the controller runs MariaDB");
        assertEquals("", computeFiles.get(2), "compute has no MariaDB config");
    }

    @Test
    void anUnchangedSecondRunIsSkippedWithoutALaunch() {
        assertEquals(0, second.exitCode(), second.out() + second.err());
        assertEquals(0, launches(second), second.err());
        assertEquals(List.of("skipped", "skipped"), secondJson.stream().map(j -> j.get("status").asText()).toList());
        for (int i = 0; i < 2; i++) {
            String path = firstJson.get(i).get("output").asText();
            assertEquals(path, secondJson.get(i).get("output").asText());
            assertTrue(second.err().lines().anyMatch(l -> l.contains("unchanged") && l.contains(path)), second.err());
        }
    }

    @Test
    void aTemplateChangeRebuildsOnlyTheImageThatUsesIt() {
        JsonNode controller = byName(thirdJson, "controller");
        JsonNode compute = byName(thirdJson, "compute");
        assertEquals("built", controller.get("status").asText(), third.err());
        assertEquals("skipped", compute.get("status").asText(), third.err());
        assertNotEquals(output(firstJson, "controller"), output(thirdJson, "controller"));
        assertTrue(output(thirdJson, "controller").getFileName().toString().endsWith(".2.qcow2"));
        assertEquals(OVERRIDE, rebuiltFiles.get(2));
        assertNotEquals(OVERRIDE, controllerFiles.get(2));
    }

    @Test
    void aFailingImageFailsTheRunAndLeavesTheOthersOutputs() throws Exception {
        assertEquals(1, third.exitCode(), third.err());
        assertEquals(1, launches(third), "the broken image and the controller share one launch: " + third.err());
        JsonNode broken = byName(thirdJson, "broken");
        assertEquals("failed", broken.get("status").asText());
        assertTrue(broken.get("error").asText().contains("no operating system found"), broken.toString());
        assertTrue(third.err().contains("stackbake: error: 1 of 3 images failed: broken ("), third.err());
        assertTrue(third.err().lines().anyMatch(l -> l.startsWith("[broken] FAILED")), third.err());
        try (Stream<Path> files = Files.list(out)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith("broken")), "nothing of the failed image");
        }
        Path rebuilt = output(thirdJson, "controller");
        run("sh", "-c", "cd " + rebuilt.getParent() + " && sha256sum -c " + rebuilt.getFileName() + ".sha256");
        assertTrue(Files.isRegularFile(output(firstJson, "compute")));
    }

    private static long launches(CliRunner.Result result) {
        return result.err().lines().filter(l -> l.startsWith("launch appliance")).count();
    }

    private static List<JsonNode> json(CliRunner.Result result) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : result.out().lines().toList()) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static JsonNode byName(List<JsonNode> nodes, String name) {
        return nodes.stream().filter(n -> n.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static Path output(List<JsonNode> nodes, String name) {
        return Path.of(byName(nodes, name).get("output").asText());
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ":\n" + output);
    }
}
