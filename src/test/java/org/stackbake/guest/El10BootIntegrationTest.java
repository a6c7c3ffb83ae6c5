package org.stackbake.guest;

import java.nio.file.Path;

/**
 * {@link BootIntegrationTest} on the current generation: controller and compute of a current release built from
 * {@code synthetic:rocky-10-bootable} (Debian 13: MariaDB 11.8, RabbitMQ 4.0 on Erlang 27, systemd 257, kernel
 * 6.12), booted together twice with every assertion of the EL9 test. The definitions are a test copy of the shipped
 * epoxy ones with {@code release: gazpacho}, {@code base: rocky-10} and the vendors' repositories an EL10 node
 * installs MariaDB and RabbitMQ from since RDO ended (never contacted: the base declares those packages).
 */
class El10BootIntegrationTest extends BootIntegrationTest {

    @Override
    String flavor() {
        return "rocky-10-bootable";
    }

    @Override
    Path shipped() {
        return Path.of("images/epoxy");
    }

    @Override
    String site(String shipped) {
        String site = shipped.replaceFirst("(?m)^release: epoxy$", "release: gazpacho")
                .replaceFirst("(?m)^base: rocky-9$", "base: rocky-10");
        if (!site.contains("release: gazpacho") || !site.contains("base: rocky-10")) {
            throw new AssertionError("the shipped epoxy site.yaml changed shape:\n" + shipped);
        }
        return site + """
                repositories:
                  - {name: mariadb-11.8, baseurl: "https://rpm.mariadb.org/11.8/rhel/$releasever/$basearch", gpgkey: "https://rpm.mariadb.org/RPM-GPG-KEY-MariaDB"}
                  - {name: rabbitmq-server, baseurl: "https://yum1.rabbitmq.com/rabbitmq/el/9/$basearch", gpgkey: "https://github.com/rabbitmq/signing-keys/releases/download/3.0/rabbitmq-release-signing-key.asc"}
                  - {name: rabbitmq-erlang, baseurl: "https://yum1.rabbitmq.com/erlang/el/9/$basearch", gpgkey: "https://github.com/rabbitmq/signing-keys/releases/download/3.0/cloudsmith.rabbitmq-erlang.E495BB49CC4BBE5B.key"}
                """;
    }

    @Override
    String mariadbSeries() {
        return "11.";
    }

    @Override
    String rabbitmqSeries() {
        return "4.";
    }

    /** EL10 is built for x86-64-v3: under TCG, qemu 7.2's "max" CPU has AVX2 and the rest of v3. */
    @Override
    String cpuLevel() {
        return "x86-64-v3";
    }
}
