package org.stackbake;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One service's knowledge in one place: its name (any case) appears in the main sources only in
 * its definition record, its element and the registry of elements. Anything else that needs to
 * talk to a service does so by protocol (see service.ProbeProtocol) or by what an element hands it.
 */
@Tag("unit")
class ServiceKnowledgeTest {
    private static final Path MAIN = Path.of("src/main/java/org/stackbake");

    @ParameterizedTest
    @CsvSource({"mariadb, MariaDbElement.java", "rabbitmq, RabbitMqElement.java", "memcached, MemcachedElement.java",
            "etcd, EtcdElement.java", "chrony, ChronyElement.java"})
    void aServiceIsNamedOnlyByItsDefinitionItsElementAndTheRegistry(String service, String element) throws IOException {
        List<String> naming;
        try (Stream<Path> files = Files.walk(MAIN)) {
            naming = files.filter(f -> f.toString().endsWith(".java")).filter(f -> mentions(f, service))
                    .map(f -> MAIN.relativize(f).toString()).sorted().toList();
        }
        List<String> allowed = List.of("service/Elements.java", "service/" + element, "spec/Definition.java");
        assertTrue(allowed.containsAll(naming), service + " is also named in " + naming.stream()
                .filter(f -> !allowed.contains(f)).toList() + ": move that knowledge into " + element);
        assertTrue(naming.contains("service/" + element), "the element itself names its service");
    }

    private static boolean mentions(Path file, String service) {
        try {
            return Files.readString(file).toLowerCase(Locale.ROOT).contains(service);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
