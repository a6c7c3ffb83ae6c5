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
 * its definition record, its element and the registry of elements, and in the templates only in
 * the element's own (its config files, its first-boot step, its shell fragment). Anything else that
 * needs to talk to a service does so by protocol (see service.ProbeProtocol) or by what an element
 * hands it; the shared shell library holds only what every step needs.
 */
@Tag("unit")
class ServiceKnowledgeTest {
    private static final Path MAIN = Path.of("src/main/java/org/stackbake");
    private static final Path TEMPLATES = Path.of("templates");

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

    /** names: what the service goes by in shell and config (MariaDB's clients are mysql*). */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "mariadb mysql; etc/my.cnf.d/openstack.cnf.ftl usr/libexec/stackbake/firstboot.d/30-mariadb.sh.ftl"
                    + " usr/libexec/stackbake/lib.d/mariadb.sh.ftl",
            "rabbitmq; usr/libexec/stackbake/firstboot.d/40-rabbitmq.sh.ftl usr/libexec/stackbake/lib.d/rabbitmq.sh.ftl",
            "memcached; etc/sysconfig/memcached.ftl",
            "etcd; etc/etcd/etcd.conf.ftl usr/lib/systemd/system/etcd.service.ftl",
            "chrony; etc/chrony.conf.ftl usr/libexec/stackbake/lib.d/chrony.sh.ftl"})
    void aServiceIsNamedOnlyInItsOwnTemplatesAndFragments(String names, String own) throws IOException {
        List<String> naming;
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            naming = files.filter(Files::isRegularFile)
                    .filter(f -> Stream.of(names.split(" ")).anyMatch(name -> mentions(f, name)))
                    .map(f -> TEMPLATES.relativize(f).toString()).sorted().toList();
        }
        List<String> allowed = List.of(own.split(" "));
        assertTrue(allowed.containsAll(naming), names + " is also named in " + naming.stream()
                .filter(f -> !allowed.contains(f)).toList() + ": move it into the element's templates or shell fragment");
    }

    private static boolean mentions(Path file, String service) {
        try {
            return Files.readString(file).toLowerCase(Locale.ROOT).contains(service);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
