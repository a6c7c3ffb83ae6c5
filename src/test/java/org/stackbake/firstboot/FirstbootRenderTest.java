package org.stackbake.firstboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.service.Elements;
import org.stackbake.service.FirstbootStep;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.render.FileEntry;
import org.stackbake.render.FileTree;
import org.stackbake.render.NodeRenderer;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.LoadedDefinition;
import org.stackbake.spec.SecretResolver;
import org.stackbake.spec.SpecException;

/** Which first-boot files a node gets, their modes and secrets files; every rendered script passes shellcheck. */
@Tag("unit")
class FirstbootRenderTest {
    static final String SHELLCHECK = "/usr/bin/shellcheck";
    static final String STEPS = Firstboot.STEPS_DIR + "/";

    @TempDir
    Path dir;

    private static FileTree render(Path definition, Map<String, String> buildEnv) throws Exception {
        LoadedDefinition loaded = new DefinitionLoader().load(definition);
        return new NodeRenderer(null).render(loaded, new SecretResolver(buildEnv::get).resolve(loaded));
    }

    private static List<String> steps(FileTree tree) {
        return tree.entries().stream().map(FileEntry::path).filter(p -> p.startsWith(STEPS))
                .map(p -> p.substring(STEPS.length())).toList();
    }

    private Path usersDefinition() throws Exception {
        Path definition = dir.resolve("users.yaml");
        Files.writeString(definition, RenderedNode.servicesDefinition("""
              db_root: {env: SB_DB_ROOT}
              mq_pass: {generate: true}
              alice_pw: {env: SB_ALICE}
              bob_pw: {generate: true}
              root_pw: {env: SB_ROOT}
            rootPassword: root_pw
            users:
              - name: alice
                groups: [wheel, operators]
                sudo: true
                password: alice_pw
                sshAuthorizedKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE9j alice@laptop"]
              - name: bob
                password: bob_pw
              - name: carol
                sudo: true
                sshAuthorizedKeys: ["ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDMPsVzL/S2ou2KmVGMsnLXGLuffrB3rl5mLCREpkLSwNdliHwc3bOt/u1yVfbL1W1jCuRRRTBs0HAxHz00jCODxBp6ehWpuKJbvH0PORLqmfC1//Jc9thYZceoDZkywOGAvQmIiiwA7qD1skfbLTL7ZOY316yXwy3RpCMs1ujBs1iOCbZSBaa5cz2m7WHHcKVGbPjiFvYssPN7sEtUC4aUeEKbcfmSKLM54Mu8c+e+Z2WQgtb4Q8Tu2OygYQvSQMo2Yv/0eaH3gKUF9mB04nWp7UfVSIKRciCBHoUQhouB3x5+uwdOsDmF8FweWoZ1UVIv5QAnkjuj7LZF0Wj933rL carol's key"]
            """));
        return definition;
    }

    @Test
    void controllerGetsEveryServiceStepAndAUnitThatStartsWithItsServicesNotAfterThem() throws Exception {
        FileTree tree = render(Path.of("images/epoxy/controller.yaml"), Map.of());
        assertEquals(List.of("05-packages.sh", "10-hostname.sh", "20-users.sh", "30-mariadb.sh", "40-rabbitmq.sh", "90-verify.sh"),
                steps(tree));
        String unit = tree.get(Firstboot.UNIT_PATH).orElseThrow().text();
        for (String line : List.of("Type=oneshot", "RemainAfterExit=yes", "ExecStart=" + Firstboot.RUNNER_PATH,
                "StandardOutput=journal", "WantedBy=multi-user.target", "ConditionPathExists=!" + Firstboot.DONE_MARKER,
                "Wants=network-online.target chronyd.service mariadb.service rabbitmq-server.service memcached.service etcd.service")) {
            assertTrue(unit.lines().anyMatch(line::equals), "unit lacks " + line + ":\n" + unit);
        }
        // Not ordered after anything it wants: only a package install waits for the network (in 05-packages).
        assertTrue(unit.lines().noneMatch(line -> line.startsWith("After=")), unit);
        // Each step waits for its own server instead.
        assertTrue(tree.get(STEPS + "30-mariadb.sh").orElseThrow().text().contains("\nunit='mariadb.service'\n"));
        assertTrue(tree.get(STEPS + "40-rabbitmq.sh").orElseThrow().text().contains("\nunit='rabbitmq-server.service'\n"));
        assertEquals(0755, tree.get(Firstboot.RUNNER_PATH).orElseThrow().mode());
        assertEquals(0644, tree.get(Firstboot.LIB_PATH).orElseThrow().mode());
        assertTrue(tree.get(Firstboot.LIB_PATH).orElseThrow().text()
                .contains("declare -A STACKBAKE_GENERATE=( [mariadb_root]=32 [rabbitmq_openstack]=32 [root]=32 )"));
        assertTrue(tree.get(Firstboot.SERVICE_HASHES_PATH).isEmpty(), "every secret is generated: nothing to deliver");
        String verify = tree.get(STEPS + "90-verify.sh").orElseThrow().text();
        assertTrue(verify.contains("check 'memcached' 'port 127.0.0.1:11211' '' port_open '127.0.0.1' 11211"), verify);
        assertTrue(verify.contains("await_unit 'memcached.service'\nawait_unit 'etcd.service'\n"), verify);
        assertTrue(verify.contains("check 'etcd' 'port 192.168.8.10:2379' '' port_open '192.168.8.10' 2379"), verify);
        assertTrue(verify.contains("check 'mariadb' 'mysqladmin ping' 'mysql_version' mysql_ping"), verify);
        assertTrue(verify.contains("check 'rabbitmq' 'port 192.168.8.10:5672' '' rabbitmq_listening '192.168.8.10' 5672"), verify);
    }

    @Test
    void unitTimeoutCoversEveryWaitAndTheWorkOfEveryStep() throws Exception {
        Path path = Path.of("images/epoxy/controller.yaml");
        FileTree tree = render(path, Map.of());
        List<FirstbootStep> steps = Elements.firstbootSteps(new DefinitionLoader().load(path).definition());
        String verifyScript = tree.get(STEPS + "90-verify.sh").orElseThrow().text();
        long checks = verifyScript.lines().filter(l -> l.startsWith("check ")).count();
        long unitWaits = verifyScript.lines().filter(l -> l.startsWith("await_unit ")).count();
        FirstbootStep verify = steps.stream().filter(s -> s.name().equals("90-verify")).findFirst().orElseThrow();
        assertEquals(5, checks);
        assertEquals(5, unitWaits);
        assertEquals(checks + unitWaits, verify.waits(), "each wait for a unit and each check of 90-verify may take the whole budget");
        String mariadb = tree.get(STEPS + "30-mariadb.sh").orElseThrow().text();
        FirstbootStep mariadbStep = steps.stream().filter(s -> s.name().equals("30-mariadb")).findFirst().orElseThrow();
        assertEquals(2, mariadbStep.waits(), "its unit, then the server answering");
        assertTrue(mariadb.contains("\nawait_unit \"$unit\"\nmysql_login"), mariadb);
        int budget = steps.stream().mapToInt(s -> s.waits() * Firstboot.WAIT_SECONDS + s.workSeconds()).sum();
        assertTrue(budget > 30 * 60, "the old fixed 30 min were too short: " + budget + " s");
        String unit = tree.get(Firstboot.UNIT_PATH).orElseThrow().text();
        int minutes = Integer.parseInt(unit.lines().filter(l -> l.startsWith("TimeoutStartSec=")).findFirst().orElseThrow()
                .replaceAll("TimeoutStartSec=(\\d+)min", "$1"));
        assertTrue(minutes * 60 >= budget && minutes * 60 <= budget + 5 * 60, minutes + " min for " + budget + " s");
        assertTrue(tree.get(Firstboot.LIB_PATH).orElseThrow().text().contains("sb_default_wait_seconds=" + Firstboot.WAIT_SECONDS));
    }

    @Test
    void computeGetsNoServiceSteps() throws Exception {
        FileTree tree = render(Path.of("images/epoxy/compute.yaml"), Map.of());
        assertEquals(List.of("05-packages.sh", "10-hostname.sh", "20-users.sh", "90-verify.sh"), steps(tree));
        String unit = tree.get(Firstboot.UNIT_PATH).orElseThrow().text();
        assertFalse(unit.contains("mariadb") || unit.contains("rabbitmq"), unit);
        String packages = tree.get(STEPS + "05-packages.sh").orElseThrow().text();
        assertTrue(packages.contains("packages=( 'vim' 'bash-completion' 'chrony' 'python3-openstackclient' 'openstack-selinux' )"),
                packages);
        assertTrue(packages.contains("units=( 'chronyd.service' )"), packages);
        assertFalse(tree.get(STEPS + "90-verify.sh").orElseThrow().text().contains("check 'mariadb'"));
    }

    @Test
    void deliveryFileCarriesOnlyServicePasswordsAndUsersGetBuildTimeHashes() throws Exception {
        Map<String, String> env = Map.of("SB_DB_ROOT", "db 'pw' ü", "SB_ALICE", "alice$pw", "SB_ROOT", "root-pw");
        FileTree tree = render(usersDefinition(), env);

        FileEntry secrets = tree.get(Firstboot.SERVICE_HASHES_PATH).orElseThrow();
        assertEquals(0600, secrets.mode());
        assertTrue(secrets.sensitive());
        List<String> lines = secrets.text().lines().filter(l -> !l.startsWith("#")).toList();
        assertEquals(List.of("mysql_native_password:db_root=" + MariaDbStepTest.nativeHash("db 'pw' ü")),
                lines, "only the hash MariaDB stores, of env:/file: service passwords; never a password");

        FileEntry hashes = tree.get(Firstboot.USER_HASHES_PATH).orElseThrow();
        assertEquals(0600, hashes.mode());
        assertTrue(hashes.sensitive());
        String aliceHash = hashes.text().lines().filter(l -> l.startsWith("alice:")).findFirst().orElseThrow().substring(6);
        assertTrue(aliceHash.startsWith("$6$"), aliceHash);
        assertEquals(aliceHash, Sha2Crypt.sha512Crypt("alice$pw".getBytes(StandardCharsets.UTF_8), aliceHash));
        assertEquals(1, hashes.text().lines().count(), "bob's password is generated on the node, carol has none");

        String users = tree.get(STEPS + "20-users.sh").orElseThrow().text();
        assertTrue(users.contains("password_from_hash 'alice'"), users);
        assertTrue(users.contains("password_generated 'bob' 'bob_pw'"), users);
        assertTrue(users.contains("ensure_sudo 'carol' yes nopasswd"), users);
        assertTrue(users.contains("ensure_key 'carol' 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDMPsVzL/S2ou2KmVGMsnLXGLuffrB3rl5mLCREpkLSwNdliHwc3bOt/u1yVfbL1W1jCuRRRTBs0HAxHz00jCODxBp6ehWpuKJbvH0PORLqmfC1//Jc9thYZceoDZkywOGAvQmIiiwA7qD1skfbLTL7ZOY316yXwy3RpCMs1ujBs1iOCbZSBaa5cz2m7WHHcKVGbPjiFvYssPN7sEtUC4aUeEKbcfmSKLM54Mu8c+e+Z2WQgtb4Q8Tu2OygYQvSQMo2Yv/0eaH3gKUF9mB04nWp7UfVSIKRciCBHoUQhouB3x5+uwdOsDmF8FweWoZ1UVIv5QAnkjuj7LZF0Wj933rL carol'\\''s key'"), users);
        assertFalse(users.contains("password_generated root"), "root's env: password is the build's /etc/shadow hash");
        String db64 = Base64.getEncoder().encodeToString("db 'pw' ü".getBytes(StandardCharsets.UTF_8));
        for (FileEntry entry : tree.entries()) {
            // Sensitive files too: they hold hashes only.
            assertFalse(entry.text().contains("alice$pw") || entry.text().contains("db 'pw'") || entry.text().contains(db64),
                    entry.path());
        }
    }

    @Test
    void renderWithoutSecretsShowsPlaceholders() throws Exception {
        LoadedDefinition loaded = new DefinitionLoader().load(usersDefinition());
        FileTree tree = new NodeRenderer(null).render(loaded, Map.of());
        assertTrue(tree.get(Firstboot.SERVICE_HASHES_PATH).orElseThrow().text()
                .contains("mysql_native_password:db_root=<mysql_native_password hash of secret from env:SB_DB_ROOT>"));
        assertTrue(tree.get(Firstboot.USER_HASHES_PATH).orElseThrow().text()
                .contains("alice:<SHA-512 crypt hash of secret from env:SB_ALICE>"));
    }

    @Test
    void secretsFirstBootCannotCarryAreRejectedAtBuildTime() throws Exception {
        LoadedDefinition loaded = new DefinitionLoader().load(usersDefinition());
        SpecException newline = assertThrows(SpecException.class, () -> new SecretResolver(Map.of(
                "SB_DB_ROOT", "two\nlines", "SB_ALICE", "a", "SB_ROOT", "r")::get).resolve(loaded));
        assertTrue(newline.getMessage().contains("line break"), newline.getMessage());

    }

    @Test
    void everyRenderedScriptPassesShellcheck() throws Exception {
        Proc.requireExecutable(SHELLCHECK, "shellcheck");
        Map<String, String> env = Map.of("SB_DB_ROOT", "x", "SB_ALICE", "a", "SB_ROOT", "r");
        int checked = 0;
        for (Path definition : List.of(Path.of("images/epoxy/controller.yaml"), Path.of("images/epoxy/compute.yaml"),
                Path.of("images/gazpacho/controller.yaml"), usersDefinition())) {
            Path out = dir.resolve("tree-" + checked);
            new org.stackbake.render.TreeWriter().write(render(definition, env), out, true);
            Path libexec = out.resolve(Firstboot.LIBEXEC_DIR.substring(1));
            List<String> command = new java.util.ArrayList<>(List.of(SHELLCHECK, "--external-sources", "--shell=bash",
                    "--severity=style", libexec.resolve("lib.sh").toString(), libexec.resolve("firstboot").toString(),
                    libexec.resolve("install-packages.sh").toString()));
            try (var steps = Files.list(libexec.resolve("firstboot.d"))) {
                steps.map(Path::toString).sorted().forEach(command::add);
            }
            assertTrue(command.size() >= 11, command.toString());
            Proc.Result result = Proc.run(command, Map.of(), null, 120);
            assertEquals(0, result.exit(), definition + ": shellcheck found problems:\n" + result.output());
            checked++;
        }
        assertEquals(4, checked);
    }
}
