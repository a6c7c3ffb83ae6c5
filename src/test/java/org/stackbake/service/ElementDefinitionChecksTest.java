package org.stackbake.service;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.SpecException;
import org.stackbake.spec.SpecProblem;

/**
 * The checks across a node's servers get their ports, bind addresses and accounts from the
 * elements: two servers on one port, an address the node does not have, a user named like a
 * server's account are each refused where the definition says so.
 */
@Tag("unit")
class ElementDefinitionChecksTest {
    @TempDir
    Path dir;

    /** The one-line problems of the shipped controller with {@code from} replaced by {@code to}. */
    private String problems(String from, String to) throws IOException {
        Files.copy(Path.of("images/epoxy/site.yaml"), dir.resolve("site.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Path controller = dir.resolve("controller.yaml");
        String shipped = Files.readString(Path.of("images/epoxy/controller.yaml"));
        assertTrue(shipped.contains(from), from);
        Files.writeString(controller, shipped.replace(from, to));
        SpecException e = assertThrows(SpecException.class, () -> new DefinitionLoader().load(controller));
        return e.problems().stream().map(SpecProblem::oneLine).collect(Collectors.joining("\n"));
    }

    @Test
    void twoServersOnOnePortAreRefusedWhereThePortIsSet() throws IOException {
        String found = problems("  memcached: {}\n", "  memcached: {port: 3306}\n");
        assertTrue(found.contains("controller.yaml:18:") && found.contains("two services on port 3306: mariadb and memcached"),
                found);
    }

    @Test
    void aBindAddressTheNodeDoesNotHaveIsRefused() throws IOException {
        String found = problems("  mariadb: {}\n", "  mariadb: {bindAddress: 10.9.9.9}\n");
        assertTrue(found.contains("MariaDB would bind 10.9.9.9, which no NIC of this node has"), found);
    }

    @Test
    void aUserNamedLikeAServersAccountIsRefused() throws IOException {
        for (String account : List.of("mysql", "rabbitmq", "memcached", "etcd", "chrony")) {
            String found = problems("services:\n", "users:\n  - {name: " + account + "}\nservices:\n");
            assertTrue(found.contains("user name '" + account + "' is a system or service account"), found);
        }
    }
}
