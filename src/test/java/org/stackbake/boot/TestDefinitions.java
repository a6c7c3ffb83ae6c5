package org.stackbake.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.stackbake.spec.Definition;
import org.stackbake.spec.DefinitionLoader;

/** Controller definitions like the shipped one, with the network block a test needs. */
final class TestDefinitions {
    static final String BY_NAME = """
            network:
              - id: ens160
                match: {interface: ens160}
                ipv4: {address: 192.168.8.10/24, gateway: 192.168.8.2, dns: [223.5.5.5]}
              - id: ens224
                match: {interface: ens224}
                ipv4: disabled
            """;
    static final String BY_MAC = """
            network:
              - id: mgmt
                match: {mac: "52:54:00:AA:00:10"}
                ipv4: {address: 192.168.8.10/24, gateway: 192.168.8.2, dns: [223.5.5.5]}
              - id: provider
                match: {mac: "52:54:00:aa:00:11"}
                ipv4: disabled
            """;

    static Path write(Path dir, String network, String extraSecrets) throws IOException {
        Path file = dir.resolve("controller.yaml");
        Files.writeString(file, """
                name: controller
                release: epoxy
                base: rocky-9
                hostname: controller
                hosts:
                  - {name: controller, address: 192.168.8.10}
                """ + network + """
                ntp:
                  pool: 2.rocky.pool.ntp.org
                  allow: [192.168.0.0/16]
                services:
                  mariadb: {}
                  rabbitmq: {}
                  memcached: {}
                  etcd: {}
                secrets:
                  root: {generate: true}
                  mariadb_root: {generate: true}
                """ + (extraSecrets == null ? "  rabbitmq_openstack: {generate: true}\n" : extraSecrets) + """
                rootPassword: root
                """);
        return file;
    }

    static Definition load(Path dir, String network) throws Exception {
        return new DefinitionLoader().load(write(dir, network, null)).definition();
    }

    private TestDefinitions() {}
}
