package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stackbake.pipeline.ExpectedFile;
import org.stackbake.guest.api.FileStat;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.pipeline.ImageVerifier;
import org.stackbake.cli.CliRunner;
import org.stackbake.files.ProcessRunner;
import org.stackbake.files.Sha256;
import org.stackbake.render.NodeRenderer;
import org.stackbake.spec.DefinitionLoader;

/**
 * Real libguestfs (TCG here): builds the shipped controller once from the synthetic Rocky 9 base,
 * then re-opens the output read-only once and checks it from every side. What is real: the
 * appliance, qemu-img, the guest's filesystems, rpm database and setfiles binary; what is not: the
 * base is synthetic (no real Rocky image can be had here), so no service packages are installed.
 */
@Tag("libguestfs")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuildIntegrationTest {
    private static final String ROOT_PASSWORD = "r00t 'q\"$`x`\\ #%€";
    /** Set by the surefire configuration (pom.xml): the build reads them as env: secrets. */
    private static final String DB_ENV = "STACKBAKE_IT_MARIADB_ROOT";
    private static final String MQ_ENV = "STACKBAKE_IT_RABBITMQ";

    Path work;
    Path definition;
    Path output;
    Path base;
    String baseSha256Before;
    CliRunner.Result build;
    GuestSession image;

    @BeforeAll
    void buildOnceAndOpenTheOutput() throws Exception {
        work = Files.createTempDirectory("stackbake-it-");
        Files.writeString(work.resolve("root.pw"), ROOT_PASSWORD + "\n");
        definition = GuestTestSupport.controllerWith(work, "secrets:\n  root: {file: root.pw}\n"
                + "  mariadb_root: {env: " + DB_ENV + "}\n  rabbitmq_openstack: {env: " + MQ_ENV + "}\n"
                + GuestTestSupport.INSTALL_AT_FIRST_BOOT);
        base = GuestTestSupport.syntheticBase("rocky-9");
        baseSha256Before = Sha256.of(base);
        output = work.resolve("out/controller.qcow2");
        Files.createDirectories(output.getParent());

        build = CliRunner.run("build", definition.toString(), "--base", "synthetic:rocky-9", "-o", output.toString());

        image = GuestTestSupport.openOutput(build, output);
    }

    @AfterAll
    void close() throws Exception {
        GuestTestSupport.closeAndDelete(image, work);
    }

    @Test
    void oneApplianceLaunchAndTheBaseIsLabelledSynthetic() {
        assertEquals(1, build.out().lines().filter(l -> l.startsWith("launch appliance")).count(), build.out());
        assertTrue(build.out().contains("SYNTHETIC test base"), build.out());
        assertTrue(build.out().lines().anyMatch(l -> l.startsWith("[1/") && l.contains("upload")), build.out());
    }

    @Test
    void outputIsStandaloneAndPassesQemuImgCheck() throws Exception {
        JsonNode info = new ObjectMapper().readTree(run("qemu-img", "info", "--output=json", output.toString()));
        assertEquals("qcow2", info.get("format").asText());
        assertFalse(info.has("backing-filename"), info.toString());
        run("qemu-img", "check", output.toString());
    }

    @Test
    void theBaseIsNeverWritten() throws Exception {
        assertEquals(baseSha256Before, Sha256.of(base));
    }

    @Test
    void everyRenderedFileIsThereWithContentModeAndOwner() throws Exception {
        List<ExpectedFile> expected = new NodeRenderer(null).render(new DefinitionLoader().load(definition), Map.of())
                .entries().stream().map(ExpectedFile::of).toList();
        assertTrue(expected.size() > 15, "the tree includes the first-boot files: " + expected.size());
        assertEquals(List.of(), new ImageVerifier().verify(image, expected));
        FileStat keyfile = image.stat("/etc/NetworkManager/system-connections/ens160.nmconnection");
        assertEquals(0600, keyfile.mode());
        assertEquals(0, keyfile.uid());
        assertTrue(new String(image.readBytes("/etc/my.cnf.d/openstack.cnf"), StandardCharsets.UTF_8)
                .contains("bind-address = 192.168.8.10"));
    }

    @Test
    void unitsAreEnabledBySymlinksAsSystemdDoes() {
        String wants = "/etc/systemd/system/multi-user.target.wants/";
        assertEquals("/usr/lib/systemd/system/chronyd.service", image.readlink(wants + "chronyd.service"));
        assertEquals("/usr/lib/systemd/system/stackbake-firstboot.service",
                image.readlink(wants + "stackbake-firstboot.service"));
        assertFalse(image.exists(wants + "mariadb.service"), "not installed in the synthetic base: not enabled");
        assertTrue(image.exists(wants + "sshd.service"), "the base's own links stay");
    }

    @Test
    void rootPasswordIsASha512HashThatVerifies() {
        String shadow = new String(image.readBytes("/etc/shadow"), StandardCharsets.UTF_8);
        String hash = shadow.lines().filter(l -> l.startsWith("root:")).findFirst().orElseThrow().split(":")[1];
        assertTrue(hash.startsWith("$6$"), hash);
        assertEquals(hash, Sha2Crypt.sha512Crypt(ROOT_PASSWORD.getBytes(StandardCharsets.UTF_8), hash));
        assertEquals(0, image.stat("/etc/shadow").mode());
        assertTrue(shadow.contains("\nrocky:"), "other accounts are kept");
    }

    @Test
    void selinuxIsPermissiveAndTouchedFilesAreRelabelledInTheGuest() {
        String config = new String(image.readBytes("/etc/selinux/config"), StandardCharsets.UTF_8);
        assertTrue(config.contains("\nSELINUX=permissive\n"), config);
        assertEquals("system_u:object_r:net_conf_t:s0", image.selinuxLabel("/etc/hosts").orElse("none"));
        assertTrue(build.out().contains("in-guest setfiles"), build.out());
        assertFalse(image.exists("/.autorelabel"));
    }

    @Test
    void sidecarsVerifyAndCarryNoSecret() throws Exception {
        run("sh", "-c", "cd " + output.getParent() + " && sha256sum -c controller.qcow2.sha256");
        String json = Files.readString(Path.of(output + ".json"));
        JsonNode manifest = new ObjectMapper().readTree(json);
        assertTrue(manifest.get("base").get("synthetic").asBoolean());
        assertEquals("rocky", manifest.get("base").get("distro").asText());
        assertEquals(Sha256.of(output), manifest.get("output").get("sha256").asText());
        assertTrue(manifest.get("packages").toString().contains("rocky-release-9.6"), manifest.get("packages").toString());
        assertTrue(manifest.get("steps").size() > 5);
        byte[] sbom = Files.readAllBytes(Path.of(output + ".spdx.json"));
        assertEquals(List.of(), org.stackbake.sbom.SpdxSchema.violations(sbom));
        assertTrue(new String(sbom, StandardCharsets.UTF_8).contains("\"pkg:rpm/rocky/rocky-release@9.6-"), "purl of the base's package");
        for (String text : List.of(json, new String(sbom, StandardCharsets.UTF_8), Files.readString(Path.of(output + ".sha256")),
                build.out(), build.err())) {
            assertFalse(text.contains(ROOT_PASSWORD), "the root password leaked");
            assertFalse(text.contains("$6$"), "the root password hash leaked");
        }
    }

    /**
     * The env: service passwords exist nowhere in the image (every byte of the raw disk), the
     * manifest or the build's output: not in plain text, hex (either case) or base64 at any of the
     * three alignments a base64 stream can give them. The image carries only the hashes the
     * servers store, in the 0600 delivery file of a 0700 state directory.
     */
    @Test
    void envServicePasswordsAppearInNoFormInTheRawImageManifestOrLog() throws Exception {
        Map<String, String> passwords = Map.of("mariadb", requiredEnv(DB_ENV), "rabbitmq", requiredEnv(MQ_ENV));
        Map<String, String> forms = new java.util.LinkedHashMap<>();
        passwords.forEach((service, password) -> forms.putAll(SecretForms.of(service, password)));

        Path raw = work.resolve("controller.raw");
        run("qemu-img", "convert", "-O", "raw", output.toString(), raw.toString());
        try {
            assertEquals(List.of(), SecretForms.foundIn(raw, forms), "password forms in the raw image");
        } finally {
            Files.deleteIfExists(raw);
        }
        Path log = work.resolve("build.log");
        Files.writeString(log, build.out() + build.err());
        assertEquals(List.of(), SecretForms.foundIn(log, forms), "password forms in the build output");
        assertEquals(List.of(), SecretForms.foundIn(Path.of(output + ".json"), forms), "password forms in the manifest");
        assertFalse(forms.isEmpty());

        String delivered = new String(image.readBytes("/var/lib/stackbake/firstboot-service-hashes"), StandardCharsets.UTF_8);
        assertTrue(delivered.contains("mysql_native_password:mariadb_root="
                + org.stackbake.service.MariaDbElement.nativeHash(passwords.get("mariadb"))), "MariaDB gets its hash");
        assertTrue(delivered.contains("rabbit_password_hashing_sha256:rabbitmq_openstack="), "RabbitMQ gets its hash");
        assertEquals(0600, image.stat("/var/lib/stackbake/firstboot-service-hashes").mode());
        assertEquals(0700, image.stat("/var/lib/stackbake").mode() & 07777, "the state directory is private in the image");
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        assertTrue(value != null && value.length() >= 16, name + " must be set (pom.xml surefire configuration)");
        return value;
    }

    @Test
    void verifyCommandPassesAgainstTheImagesManifest() {
        CliRunner.Result ok = CliRunner.run("verify", output.toString());
        assertEquals(0, ok.exitCode(), ok.out() + ok.err());
        // The synthetic base has none of the servers' programs: reported, and no reason to fail.
        assertTrue(ok.out().lines().toList().contains("chrony: not installed (no /usr/sbin/chronyd)"), ok.out());
        assertTrue(ok.out().contains("files: ok; services: 4 not installed"), ok.out());
    }

    @Test
    void verifierReportsEveryDifferenceFromAnotherDefinition() throws Exception {
        List<ExpectedFile> compute = new NodeRenderer(null).render(
                new DefinitionLoader().load(Path.of("images/epoxy/compute.yaml")), Map.of())
                .entries().stream().map(ExpectedFile::of).toList();
        List<String> problems = new ImageVerifier().verify(image, compute);
        assertTrue(problems.contains("/etc/hostname: content differs"), problems.toString());
        assertTrue(problems.contains("/etc/NetworkManager/system-connections/ens160.nmconnection: content differs"),
                problems.toString());
        assertFalse(problems.stream().anyMatch(p -> p.startsWith("/etc/hosts:")), "identical files pass: " + problems);
    }

    private static String run(String... command) throws Exception {
        ProcessRunner.Result result = new ProcessRunner().run(List.of(command), Duration.ofMinutes(5));
        assertEquals(0, result.exitCode(), String.join(" ", command) + ":\n" + result.stdout() + result.stderr());
        return result.stdout();
    }
}
