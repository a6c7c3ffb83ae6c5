package org.stackbake.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.service.Elements;
import org.stackbake.spec.DefinitionLoader;

/** The bundled catalog against the facts it cites, and how roles resolve. */
@Tag("unit")
class ReleaseCatalogTest {
    private static final ReleaseCatalog CATALOG = ReleaseCatalog.builtIn();

    private static Release release(String name) {
        return CATALOG.find(name).orElseThrow();
    }

    @Test
    void everyReleaseFromCaracalToHibiscusWithVersionAndSlurp() {
        assertEquals(List.of("caracal", "dalmatian", "epoxy", "flamingo", "gazpacho", "hibiscus"), CATALOG.names());
        assertEquals(List.of("2024.1", "2024.2", "2025.1", "2025.2", "2026.1", "2026.2"),
                CATALOG.names().stream().map(n -> release(n).version()).toList());
        assertEquals(List.of(true, false, true, false, true, false),
                CATALOG.names().stream().map(n -> release(n).slurp()).toList());
    }

    @Test
    void rdoOnlyUpToEpoxyAndOnlyOnEl9() {
        for (String name : CATALOG.names()) {
            Release r = release(name);
            boolean rdoEra = List.of("caracal", "dalmatian", "epoxy").contains(name);
            for (int major : r.elMajors()) {
                PackageSupply supply = CATALOG.supply(r, major, List.copyOf(CATALOG.roleNames()), Map.of());
                if (rdoEra) {
                    assertEquals("centos-release-openstack-" + name, supply.releasePackage(), name);
                    assertEquals(9, major, name + " has RDO packages for EL 9 only");
                } else {
                    assertNull(supply.releasePackage(), name + " on EL " + major + " names an RDO package");
                    assertTrue(r.sources(major).values().stream().noneMatch(s -> s != null && s.startsWith("rdo-")), name);
                }
            }
        }
        assertEquals(List.of(9), release("epoxy").elMajors());
        assertEquals(List.of(9, 10), release("hibiscus").elMajors());
    }

    @Test
    void afterRdoTheServersComeFromTheirVendorsAndEtcdFromAnArtifact() {
        PackageSupply gazpacho = CATALOG.supply(release("gazpacho"), 10,
                List.of("mariadb-server", "rabbitmq-server", "memcached", "etcd", "openstack-selinux"), Map.of());
        assertEquals(List.of("MariaDB-server", "MariaDB-client", "MariaDB-backup"), gazpacho.names("mariadb-server"));
        assertEquals(List.of("rabbitmq-server", "erlang"), gazpacho.names("rabbitmq-server"));
        assertEquals(List.of("memcached"), gazpacho.names("memcached"));
        assertEquals(List.of(), gazpacho.names("openstack-selinux"), "deliberately not installed after RDO");
        assertEquals(List.of("etcd-3.6.5"), gazpacho.artifacts());
        assertEquals(List.of("mariadb-11.8.8", "rabbitmq", "rabbitmq-erlang"),
                gazpacho.repositories().stream().map(VendorRepository::name).toList());
        VendorRepository mariadb = gazpacho.repositories().get(0);
        assertEquals("https://archive.mariadb.org/yum/11.8.8/rhel/10/$basearch", mariadb.baseurlFor(10));
        assertTrue(gazpacho.repositories().get(1).baseurlFor(10).contains("/rabbitmq/el/9/noarch"),
                "RabbitMQ's EL 9 repository serves EL 10");
        assertEquals("mariadb-11.4.8", CATALOG.source("mariadb-11.4.8").orElseThrow().repositories().get(0));
        assertEquals(List.of("mariadb-11.8.3"), CATALOG.supply(release("flamingo"), 10, List.of("mariadb-server"), Map.of())
                .repositories().stream().map(VendorRepository::name).toList());
    }

    @Test
    void aRoleWithoutSourceIsReportedAndADefinitionsNamesWin() {
        PackageSupply el9 = CATALOG.supply(release("hibiscus"), 9, List.of("chrony", "openstack-client"), Map.of());
        assertEquals(List.of("openstack-client"), el9.unsourced());
        assertEquals(List.of("python3-openstackclient"), el9.names("openstack-client"), "the role's default name");
        PackageSupply overridden = CATALOG.supply(release("gazpacho"), 10, List.of("mariadb-server"),
                Map.of("mariadb-server", List.of("mariadb-server")));
        assertEquals(List.of("mariadb-server"), overridden.packages());
        assertEquals(List.of(), overridden.repositories(), "an overridden role needs no vendor repository");
    }

    @Test
    void everyRoleTheShippedNodesNeedIsInTheCatalog() throws Exception {
        for (String node : List.of("images/hibiscus/controller.yaml", "images/epoxy/compute.yaml")) {
            for (String role : Elements.roles(new DefinitionLoader().load(Path.of(node)).definition())) {
                assertTrue(CATALOG.role(role).isPresent(), node + " needs unknown role " + role);
            }
        }
        assertEquals(List.of("chrony", "openstack-client", "openstack-selinux", "mariadb-server", "mariadb-python",
                "rabbitmq-server", "memcached", "memcached-python", "etcd"),
                Elements.roles(new DefinitionLoader().load(Path.of("images/hibiscus/controller.yaml")).definition()));
    }

    @Test
    void lifecycleFollowsTheDates() {
        assertEquals("end of life since 2026-04-29", release("dalmatian").lifecycleOn(LocalDate.of(2026, 12, 6)).describe());
        assertEquals("maintained since 2024-10-02, end of life from 2026-04-29",
                release("dalmatian").lifecycleOn(LocalDate.of(2026, 4, 28)).describe());
        assertEquals("unmaintained since 2025-10-24, end of life next (no date set)",
                release("caracal").lifecycleOn(LocalDate.of(2026, 1, 1)).describe());
        assertEquals("development, maintained from 2026-09-30",
                release("hibiscus").lifecycleOn(LocalDate.of(2026, 9, 1)).describe());
        assertEquals(Lifecycle.Phase.MAINTAINED, release("gazpacho").lifecycleOn(LocalDate.of(2026, 12, 6)).phase());
        assertTrue(release("dalmatian").lifecycleOn(LocalDate.of(2026, 12, 6)).endOfLife());
    }

    @Test
    void theElMajorOfABaseReference() {
        assertEquals(Optional.of(10), ReleaseCatalog.elMajorOf("rocky-10"));
        assertEquals(Optional.of(9), ReleaseCatalog.elMajorOf("centos-stream-9"));
        assertEquals(Optional.of(9), ReleaseCatalog.elMajorOf("synthetic:rocky-9-bootable"));
        assertEquals(Optional.of(10), ReleaseCatalog.elMajorOf("synthetic:rocky-10-bootable"));
        assertEquals(Optional.empty(), ReleaseCatalog.elMajorOf("synthetic:debian-12"));
        assertEquals(Optional.empty(), ReleaseCatalog.elMajorOf("images/base.qcow2"));
        assertEquals(10, ReleaseCatalog.elMajorFor(release("gazpacho"), "base.qcow2"), "unknown: the newest");
    }
}
