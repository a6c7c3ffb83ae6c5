package org.stackbake.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.image.BuildManifest;
import org.stackbake.image.PackageUpdate;

@Tag("unit")
class SpdxDocumentTest {
    private static final String SHA = "ab".repeat(32);
    private static final SpdxDocument.Subject ROCKY = new SpdxDocument.Subject("controller.qcow2", SHA, "rocky", "9.6", "0.1.0");
    private static final Instant T = Instant.parse("2026-11-27T18:00:00Z");

    /** The tab-separated output of RpmPackages.QUERY_FORMAT, as rpm prints it. */
    private static final String RPM_OUTPUT = String.join("\n",
            "bash\t0\t5.1.8\t9.el9\tx86_64\tGPLv3+\tRocky Enterprise Software Foundation",
            "libstdc++\t0\t11.5.0\t5.el9_5\tx86_64\tGPLv3+ and GPLv3+ with exceptions and GPLv2+ with exceptions\tRocky Enterprise Software Foundation",
            "mariadb-server\t3\t10.5.27\t1.el9_5\tx86_64\tGPL-2.0-only AND LGPL-2.1-or-later\tRocky Enterprise Software Foundation",
            "gpg-pubkey\t0\t350d275d\t6279464b\t(none)\tpubkey\t(none)",
            "rocky-release\t0\t9.6\t1.2.el9\tnoarch\tBSD-3-Clause\t(none)",
            "python3-pip-wheel\t0\t21.3.1\t1.el9\tnoarch\tMIT AND Python-2.0.1 AND Apache-2.0 AND BSD-2-Clause AND (BSD-3-Clause OR Apache-2.0)\t(none)",
            "");

    @Test
    void parsesRpmQueryOutputSkippingKeys() {
        List<InstalledPackage> packages = RpmPackages.parse(RPM_OUTPUT);
        assertEquals(List.of("bash", "libstdc++", "mariadb-server", "python3-pip-wheel", "rocky-release"),
                packages.stream().map(InstalledPackage::name).toList());
        InstalledPackage mariadb = packages.get(2);
        assertEquals(new InstalledPackage("mariadb-server", 3, "10.5.27", "1.el9_5", "x86_64",
                "GPL-2.0-only AND LGPL-2.1-or-later", "Rocky Enterprise Software Foundation"), mariadb);
        assertEquals(null, packages.get(4).vendor(), "(none) is no vendor");
    }

    @Test
    void parsesNvrasWhenOnlyTheListingIsAvailable() {
        List<InstalledPackage> packages = RpmPackages.fromNvras(List.of("rocky-release-9.6-1.2.el9.noarch",
                "python3-pip-wheel-21.3.1-1.el9.noarch"));
        assertEquals(new InstalledPackage("python3-pip-wheel", 0, "21.3.1", "1.el9", "noarch", null, null), packages.get(0));
        assertEquals(new InstalledPackage("rocky-release", 0, "9.6", "1.2.el9", "noarch", null, null), packages.get(1));
    }

    @Test
    void aPackageTheBuildUpdatedCarriesAnAnnotationWithBothVersionsAndTheAdvisory() throws Exception {
        PackageUpdate update = new PackageUpdate("mariadb-server", "x86_64", "3:10.5.22-1.el9_2", "3:10.5.27-1.el9_5",
                List.of("RLSA-2025:0001"));

        byte[] json = SpdxDocument.json(ROCKY, RpmPackages.parse(RPM_OUTPUT), List.of(update), T);

        assertEquals(List.of(), SpdxSchema.violations(json));
        JsonNode annotated = null;
        for (JsonNode p : new ObjectMapper().readTree(json).get("packages")) {
            if (p.has("annotations")) {
                assertEquals(null, annotated, "only the updated package is annotated");
                annotated = p;
            }
        }
        assertEquals("mariadb-server", annotated.get("name").asText());
        JsonNode annotation = annotated.get("annotations").get(0);
        assertEquals("OTHER", annotation.get("annotationType").asText());
        assertEquals("2026-11-27T18:00:00Z", annotation.get("annotationDate").asText());
        assertEquals("updated by the build: mariadb-server.x86_64 3:10.5.22-1.el9_2 -> 3:10.5.27-1.el9_5 (RLSA-2025:0001)",
                annotation.get("comment").asText());
    }

    @Test
    void documentValidatesAgainstTheSpdx23SchemaAndCarriesPurls() throws Exception {
        byte[] json = SpdxDocument.json(ROCKY, RpmPackages.parse(RPM_OUTPUT), T);

        assertEquals(List.of(), SpdxSchema.violations(json));
        JsonNode doc = new ObjectMapper().readTree(json);
        assertEquals("SPDX-2.3", doc.get("spdxVersion").asText());
        assertTrue(doc.get("documentNamespace").asText().endsWith("controller.qcow2-" + SHA));
        assertEquals("2026-11-27T18:00:00Z", doc.get("creationInfo").get("created").asText());
        List<String> purls = new ArrayList<>();
        for (JsonNode p : doc.get("packages")) {
            if (p.has("externalRefs")) {
                purls.add(p.get("externalRefs").get(0).get("referenceLocator").asText());
            }
        }
        assertEquals(List.of(
                "pkg:rpm/rocky/bash@5.1.8-9.el9?arch=x86_64&distro=rocky-9.6",
                "pkg:rpm/rocky/libstdc%2B%2B@11.5.0-5.el9_5?arch=x86_64&distro=rocky-9.6",
                "pkg:rpm/rocky/mariadb-server@10.5.27-1.el9_5?arch=x86_64&distro=rocky-9.6&epoch=3",
                "pkg:rpm/rocky/python3-pip-wheel@21.3.1-1.el9?arch=noarch&distro=rocky-9.6",
                "pkg:rpm/rocky/rocky-release@9.6-1.2.el9?arch=noarch&distro=rocky-9.6"), purls);
        JsonNode mariadb = find(doc, "mariadb-server");
        assertEquals("3:10.5.27-1.el9_5", mariadb.get("versionInfo").asText());
        assertEquals("GPL-2.0-only AND LGPL-2.1-or-later", mariadb.get("licenseDeclared").asText());
        assertEquals("Organization: Rocky Enterprise Software Foundation", mariadb.get("supplier").asText());
        JsonNode bash = find(doc, "bash");
        assertEquals("NOASSERTION", bash.get("licenseDeclared").asText(), "GPLv3+ is not an SPDX id");
        assertTrue(bash.get("licenseComments").asText().contains("GPLv3+"));
        assertEquals("NOASSERTION", find(doc, "rocky-release").get("supplier").asText());
        assertEquals(6, doc.get("relationships").size(), "DESCRIBES the image, which CONTAINS each package");
    }

    @Test
    void aVerifiedArtifactIsAPackageWithItsDownloadLocationAndChecksum() throws Exception {
        BuildManifest.Artifact etcd = new BuildManifest.Artifact("etcd-3.6.5", "etcd", "3.6.5",
                "https://github.com/etcd-io/etcd/releases/download/v3.6.5/etcd-v3.6.5-linux-amd64.tar.gz",
                "66bad39ed920f6fc15fd74adcb8bfd38ba9a6412f8c7852d09eb11670e88cac3", List.of("/usr/bin/etcd"));
        byte[] json = SpdxDocument.json(ROCKY, RpmPackages.parse(RPM_OUTPUT), List.of(), List.of(etcd), T);

        assertEquals(List.of(), SpdxSchema.violations(json));
        JsonNode doc = new ObjectMapper().readTree(json);
        JsonNode packages = doc.get("packages");
        JsonNode artifact = packages.get(packages.size() - 1);
        assertEquals("SPDXRef-Artifact-etcd-3.6.5", artifact.get("SPDXID").asText());
        assertEquals("etcd", artifact.get("name").asText());
        assertEquals("3.6.5", artifact.get("versionInfo").asText());
        assertEquals(etcd.url(), artifact.get("downloadLocation").asText());
        assertEquals(etcd.sha256(), artifact.get("checksums").get(0).get("checksumValue").asText());
        assertTrue(artifact.get("externalRefs").get(0).get("referenceLocator").asText()
                .startsWith("pkg:generic/etcd@3.6.5?download_url=https%3A%2F%2Fgithub.com"), artifact.toString());
        JsonNode relationships = doc.get("relationships");
        JsonNode last = relationships.get(relationships.size() - 1);
        assertEquals("SPDXRef-Image CONTAINS SPDXRef-Artifact-etcd-3.6.5", last.get("spdxElementId").asText() + " "
                + last.get("relationshipType").asText() + " " + last.get("relatedSpdxElement").asText());
    }

    @Test
    void theSchemaCheckCanFail() {
        String broken = new String(SpdxDocument.json(ROCKY, RpmPackages.parse(RPM_OUTPUT), T), StandardCharsets.UTF_8)
                .replace("\"SPDX-2.3\"", "23").replace("\"filesAnalyzed\" : false", "\"filesAnalyzed\" : \"no\"");
        assertFalse(SpdxSchema.violations(broken.getBytes(StandardCharsets.UTF_8)).isEmpty());
    }

    @Test
    void sameInputSameDocumentButTheNamespaceFollowsTheImage() {
        List<InstalledPackage> packages = RpmPackages.parse(RPM_OUTPUT);
        assertEquals(new String(SpdxDocument.json(ROCKY, packages, T), StandardCharsets.UTF_8),
                new String(SpdxDocument.json(ROCKY, packages, T), StandardCharsets.UTF_8));
        SpdxDocument.Subject other = new SpdxDocument.Subject("controller.qcow2", "cd".repeat(32), "rocky", "9.6", "0.1.0");
        assertNotEquals(namespace(SpdxDocument.json(ROCKY, packages, T)), namespace(SpdxDocument.json(other, packages, T)));
    }

    @Test
    void vendorsFollowTheDistro() {
        InstalledPackage p = new InstalledPackage("chrony", 0, "4.6", "1.el10", "x86_64", "GPL-2.0-only", null);
        assertEquals("pkg:rpm/almalinux/chrony@4.6-1.el10?arch=x86_64&distro=almalinux-10.0",
                PackageUrl.rpm(PackageUrl.vendor("almalinux"), p, "almalinux-10.0"));
        assertEquals("redhat", PackageUrl.vendor("rhel"));
        assertEquals("centos", PackageUrl.vendor("centos"));
    }

    @Test
    void licenseExpressions() {
        assertTrue(SpdxDocument.isSpdxExpression("MIT"));
        assertTrue(SpdxDocument.isSpdxExpression("(MIT OR Apache-2.0) AND GPL-2.0-or-later WITH GCC-exception-3.1"));
        assertFalse(SpdxDocument.isSpdxExpression("GPLv2+"));
        assertFalse(SpdxDocument.isSpdxExpression("MIT and BSD"));
        assertFalse(SpdxDocument.isSpdxExpression("ASL 2.0"));
        assertFalse(SpdxDocument.isSpdxExpression("(MIT"));
        assertFalse(SpdxDocument.isSpdxExpression("MIT AND"));
    }

    private static String namespace(byte[] json) {
        try {
            return new ObjectMapper().readTree(json).get("documentNamespace").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode find(JsonNode doc, String name) {
        return StreamSupport.stream(doc.get("packages").spliterator(), false)
                .filter(p -> p.get("name").asText().equals(name)).findFirst().orElseThrow();
    }
}
