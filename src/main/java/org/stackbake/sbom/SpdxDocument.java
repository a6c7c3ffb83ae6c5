package org.stackbake.sbom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.stackbake.files.Jackson;
import org.stackbake.image.BuildManifest;
import org.stackbake.image.PackageUpdate;

/**
 * The image's SPDX 2.3 JSON document: the image as the described package, and every installed rpm
 * it CONTAINS with its version, purl, supplier and license. The output is the same for the same
 * packages except {@code created}; the namespace is derived from the image's SHA-256, so it is
 * unique per image and stable for it.
 */
public final class SpdxDocument {
    private static final String NOASSERTION = "NOASSERTION";
    private static final Pattern SPDX_ID_CHARS = Pattern.compile("[^A-Za-z0-9.-]");
    /** An SPDX license expression: ids, LicenseRef-s, AND/OR/WITH and parentheses. */
    private static final Pattern EXPRESSION_TOKEN = Pattern.compile("\\(|\\)|AND|OR|WITH|[A-Za-z0-9.-]+\\+?");
    /** Fedora's older (Callaway) names EL9 rpms carry, which look like ids but are not SPDX ones. */
    private static final Pattern CALLAWAY = Pattern.compile("[A-Z]+v\\d.*|BSD|GPL\\+?|LGPL\\+?|ASL|Public|Boost|Copyright");

    /** What the document is about; {@code distro}/{@code distroVersion} come from the guest inspection. */
    public record Subject(String imageName, String imageSha256, String distro, String distroVersion, String toolVersion) {}

    private SpdxDocument() {}

    public static byte[] json(Subject subject, List<InstalledPackage> packages, Instant created) {
        return json(subject, packages, List.of(), created);
    }

    /**
     * With the build's updates: each package the build updated carries an annotation saying from which
     * version to which and under which advisories, so a scanner's finding can be traced to the build.
     */
    public static byte[] json(Subject subject, List<InstalledPackage> packages, List<PackageUpdate> updates,
                              Instant created) {
        return json(subject, packages, updates, List.of(), created);
    }

    /** As above, with the verified downloads installed beside the rpms (release tarballs of components with no RPM source). */
    public static byte[] json(Subject subject, List<InstalledPackage> packages, List<PackageUpdate> updates,
                              List<BuildManifest.Artifact> artifacts, Instant created) {
        Map<String, PackageUpdate> updated = new HashMap<>();
        updates.forEach(u -> updated.put(u.name() + "." + u.arch() + " " + u.to(), u));
        ObjectNode doc = Jackson.JSON.createObjectNode();
        doc.put("spdxVersion", "SPDX-2.3");
        doc.put("dataLicense", "CC0-1.0");
        doc.put("SPDXID", "SPDXRef-DOCUMENT");
        doc.put("name", subject.imageName());
        doc.put("documentNamespace", "https://spdx.org/spdxdocs/stackbake/" + PackageUrl.encode(subject.imageName())
                + "-" + subject.imageSha256());
        ObjectNode creation = doc.putObject("creationInfo");
        creation.put("created", created.truncatedTo(ChronoUnit.SECONDS).toString());
        creation.putArray("creators").add("Tool: stackbake-" + subject.toolVersion());

        ArrayNode list = doc.putArray("packages");
        ObjectNode image = list.addObject();
        image.put("SPDXID", "SPDXRef-Image");
        image.put("name", subject.imageName());
        image.put("downloadLocation", NOASSERTION);
        image.put("filesAnalyzed", false);
        image.putArray("checksums").addObject().put("algorithm", "SHA256").put("checksumValue", subject.imageSha256());
        image.put("primaryPackagePurpose", "OPERATING_SYSTEM");
        image.put("supplier", NOASSERTION);
        image.put("licenseConcluded", NOASSERTION);
        image.put("licenseDeclared", NOASSERTION);
        image.put("copyrightText", NOASSERTION);

        ArrayNode relationships = doc.putArray("relationships");
        relationship(relationships, "SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Image");

        String vendor = PackageUrl.vendor(subject.distro());
        String distro = subject.distro() == null ? null : vendor + "-" + subject.distroVersion();
        Set<String> ids = new HashSet<>();
        for (InstalledPackage p : packages) {
            String id = uniqueId(ids, "SPDXRef-Package-rpm-" + SPDX_ID_CHARS.matcher(p.name() + "-" + p.arch()).replaceAll("-"));
            ObjectNode node = list.addObject();
            node.put("SPDXID", id);
            node.put("name", p.name());
            node.put("versionInfo", (p.epoch() > 0 ? p.epoch() + ":" : "") + p.version() + "-" + p.release());
            node.put("supplier", p.vendor() == null ? NOASSERTION : "Organization: " + p.vendor());
            node.put("downloadLocation", NOASSERTION);
            node.put("filesAnalyzed", false);
            node.put("licenseConcluded", NOASSERTION);
            if (p.license() != null && isSpdxExpression(p.license())) {
                node.put("licenseDeclared", p.license());
            } else {
                node.put("licenseDeclared", NOASSERTION);
                if (p.license() != null) {
                    node.put("licenseComments", "rpm License tag (not an SPDX expression): " + p.license());
                }
            }
            node.put("copyrightText", NOASSERTION);
            PackageUpdate update = updated.get(p.name() + "." + p.arch() + " " + p.epoch() + ":" + p.version() + "-" + p.release());
            if (update != null) {
                node.putArray("annotations").addObject()
                        .put("annotationDate", created.truncatedTo(ChronoUnit.SECONDS).toString())
                        .put("annotationType", "OTHER")
                        .put("annotator", "Tool: stackbake-" + subject.toolVersion())
                        .put("comment", "updated by the build: " + update.describe());
            }
            node.putArray("externalRefs").addObject().put("referenceCategory", "PACKAGE-MANAGER")
                    .put("referenceType", "purl").put("referenceLocator", PackageUrl.rpm(vendor, p, distro));
            relationship(relationships, "SPDXRef-Image", "CONTAINS", id);
        }
        for (BuildManifest.Artifact a : artifacts) {
            String id = uniqueId(ids, "SPDXRef-Artifact-" + SPDX_ID_CHARS.matcher(a.name()).replaceAll("-"));
            ObjectNode node = list.addObject();
            node.put("SPDXID", id);
            node.put("name", a.component());
            node.put("versionInfo", a.version());
            node.put("supplier", NOASSERTION);
            node.put("downloadLocation", a.url());
            node.put("filesAnalyzed", false);
            node.putArray("checksums").addObject().put("algorithm", "SHA256").put("checksumValue", a.sha256());
            node.put("licenseConcluded", NOASSERTION);
            node.put("licenseDeclared", NOASSERTION);
            node.put("copyrightText", NOASSERTION);
            node.putArray("externalRefs").addObject().put("referenceCategory", "PACKAGE-MANAGER")
                    .put("referenceType", "purl").put("referenceLocator", "pkg:generic/" + PackageUrl.encode(a.component())
                            + "@" + PackageUrl.encode(a.version()) + "?download_url=" + PackageUrl.encode(a.url())
                            + "&checksum=sha256:" + a.sha256());
            relationship(relationships, "SPDXRef-Image", "CONTAINS", id);
        }
        try {
            return (Jackson.PRETTY.writeValueAsString(doc) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** EL10 rpms carry SPDX expressions; EL9's older names are kept as a comment instead of passing for SPDX. */
    static boolean isSpdxExpression(String license) {
        String spaced = license.replace("(", " ( ").replace(")", " ) ").strip();
        if (spaced.isEmpty()) {
            return false;
        }
        int depth = 0;
        boolean expectOperand = true;
        for (String token : spaced.split("\\s+")) {
            if (!EXPRESSION_TOKEN.matcher(token).matches()) {
                return false;
            }
            switch (token) {
                case "(" -> {
                    if (!expectOperand) {
                        return false;
                    }
                    depth++;
                }
                case ")" -> {
                    if (expectOperand || --depth < 0) {
                        return false;
                    }
                }
                case "AND", "OR", "WITH" -> {
                    if (expectOperand) {
                        return false;
                    }
                    expectOperand = true;
                }
                default -> {
                    if (!expectOperand || CALLAWAY.matcher(token).matches()) {
                        return false;
                    }
                    expectOperand = false;
                }
            }
        }
        return depth == 0 && !expectOperand;
    }

    private static String uniqueId(Set<String> taken, String base) {
        String id = base;
        for (int n = 2; !taken.add(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    private static void relationship(ArrayNode relationships, String from, String type, String to) {
        relationships.addObject().put("spdxElementId", from).put("relationshipType", type).put("relatedSpdxElement", to);
    }
}
