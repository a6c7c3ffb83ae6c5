package org.stackbake.firstboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered 20-users.sh step on this machine (tests run as root): two throw-away accounts with
 * unique names, removed afterwards; sudo rules go to a temp dir. Root's password is not touched.
 */
@Tag("unit")
class UsersStepTest {
    private final String suffix = UUID.randomUUID().toString().substring(0, 6);
    private final String alice = "sbfba" + suffix;
    private final String bob = "sbfbb" + suffix;
    private final String group = "sbfbg" + suffix;

    @TempDir
    Path nodeDir;

    @AfterEach
    void removeAccounts() {
        for (String user : List.of(alice, bob)) {
            Proc.run(List.of("userdel", "-r", user), Map.of());
        }
        Proc.run(List.of("groupdel", group), Map.of());
    }

    private static String shadowHash(String user) {
        return Proc.run(List.of("getent", "shadow", user), Map.of()).requireOk("getent").output().split(":")[1];
    }

    @Test
    void createsUsersWithGroupsSudoKeysAndPasswordsAndSecondRunChangesNothing() throws Exception {
        assertEquals("root", System.getProperty("user.name"), "this test creates accounts: run it as root");
        String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE9j " + alice + "@laptop";
        RenderedNode node = RenderedNode.render(nodeDir, """
            name: fbusers
            release: epoxy
            hostname: fbusers
            network:
              - id: eth0
                match: {interface: eth0}
                ipv4: {address: 192.0.2.10/24}
            secrets:
              alice_pw: {env: SB_ALICE}
              bob_pw: {generate: true, length: 20}
            users:
              - name: %s
                groups: [%s]
                sudo: true
                password: alice_pw
                sshAuthorizedKeys: ["%s"]
              - name: %s
                password: bob_pw
            """.formatted(alice, group, key, bob), Map.of("SB_ALICE", "Alice's p@ss $1"));

        node.runStep("20-users").requireOk("first run");

        String hashLine = Files.readString(node.path(Firstboot.USER_HASHES_PATH)).strip();
        assertEquals(hashLine.substring(hashLine.indexOf(':') + 1), shadowHash(alice), "alice has the build's hash");
        assertTrue(Proc.run(List.of("id", "-nG", alice), Map.of()).output().contains(group));
        Path sudoers = node.path("/etc/sudoers.d/stackbake-" + alice);
        assertEquals("# Written by stackbake first boot.\n" + alice + " ALL=(ALL) ALL\n", Files.readString(sudoers));
        assertFalse(Files.exists(node.path("/etc/sudoers.d/stackbake-" + bob)));
        Path home = Path.of(Proc.run(List.of("getent", "passwd", alice), Map.of()).output().split(":")[5]);
        Path keys = home.resolve(".ssh/authorized_keys");
        assertEquals(key + "\n", Files.readString(keys));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.getParent())));
        assertEquals(alice, Files.getOwner(keys).getName());

        String bobPassword = Files.readAllLines(Path.of(node.env().get("STACKBAKE_PASSWORDS_FILE"))).stream()
                .filter(l -> l.startsWith("bob_pw=")).findFirst().orElseThrow().substring(7);
        assertTrue(bobPassword.matches("[A-Za-z0-9]{20}"), bobPassword);
        String bobHash = shadowHash(bob);
        assertFalse(bobHash.startsWith("!") || bobHash.equals("*"), "bob's account has a password: " + bobHash);

        Proc.Result second = node.runStep("20-users").requireOk("second run");
        assertEquals(hashLine.substring(hashLine.indexOf(':') + 1), shadowHash(alice));
        assertEquals(key + "\n", Files.readString(keys), "keys are not added twice");
        assertTrue(second.output().contains("user " + alice + ": password already set"), second.output());
        assertFalse(second.output().contains("created"), second.output());
        assertFalse(second.output().contains("Alice's p@ss"), second.output());
    }
}
