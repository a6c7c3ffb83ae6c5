package org.stackbake.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.image.PackageUpdate;

@Tag("unit")
class UpdateListingTest {

    @Test
    void rpmVersionsAreKeyedByNameAndArchAndKeepEveryInstalledVersion() {
        Map<String, Set<String>> versions = UpdateListing.versions("""
                bash x86_64 0:5.1.8-9.el9
                kernel-core x86_64 0:5.14.0-427.13.1.el9_4
                kernel-core x86_64 0:5.14.0-503.14.1.el9_5
                gpg-pubkey (none) 0:350d275d-6279f58d

                """);

        assertEquals(Map.of("bash.x86_64", Set.of("0:5.1.8-9.el9"),
                "kernel-core.x86_64", Set.of("0:5.14.0-427.13.1.el9_4", "0:5.14.0-503.14.1.el9_5"),
                "gpg-pubkey.(none)", Set.of("0:350d275d-6279f58d")), versions);
    }

    @Test
    void anUnexpectedRpmLineIsAnErrorNotASilentGap() {
        assertThrows(IllegalArgumentException.class, () -> UpdateListing.versions("bash\n"));
    }

    @Test
    void advisoriesAreReadFromDnfsListWithOrWithoutEpochAndHeadersAreSkipped() {
        Map<String, List<String>> advisories = UpdateListing.advisories("""
                Last metadata expiration check: 0:00:01 ago on Sun Dec  6 22:00:00 2026.
                RLSA-2024:3339 Important/Sec.  glibc-2.34-100.el9_4.2.x86_64
                RLSA-2024:3339 Important/Sec.  glibc-common-2.34-100.el9_4.2.x86_64
                RLSA-2024:4000 Moderate/Sec.   glibc-2.34-100.el9_4.3.x86_64
                RLSA-2024:3339 Important/Sec.  glibc-2.34-100.el9_4.2.x86_64
                FEDORA-EPEL-2024-1 bugfix       python3-foo-1:2.0-1.el9.noarch  2024-05-01 10:00:00
                """);

        assertEquals(Map.of("glibc.x86_64", List.of("RLSA-2024:3339", "RLSA-2024:4000"),
                "glibc-common.x86_64", List.of("RLSA-2024:3339"),
                "python3-foo.noarch", List.of("FEDORA-EPEL-2024-1")), advisories);
    }

    @Test
    void changesAreNewVersionsWithTheirPreviousOneAndTheAdvisoriesNamingThem() {
        Map<String, Set<String>> before = Map.of("bash-completion.noarch", Set.of("0:0-0.synthetic.el9"),
                "chrony.noarch", Set.of("0:0-0.synthetic.el9"));
        Map<String, Set<String>> after = new java.util.LinkedHashMap<>();
        after.put("bash-completion.noarch", Set.of("1:2.11-5.el9"));
        after.put("chrony.noarch", Set.of("0:0-0.synthetic.el9"));
        after.put("libnew.x86_64", Set.of("0:1.0-1.el9"));

        List<PackageUpdate> changes = UpdateListing.changes(before, after,
                Map.of("bash-completion.noarch", List.of("RLSA-2026:0001")));

        assertEquals(List.of(
                new PackageUpdate("bash-completion", "noarch", "0:0-0.synthetic.el9", "1:2.11-5.el9", List.of("RLSA-2026:0001")),
                new PackageUpdate("libnew", "x86_64", null, "0:1.0-1.el9", List.of())), changes);
        assertEquals("bash-completion.noarch 0:0-0.synthetic.el9 -> 1:2.11-5.el9 (RLSA-2026:0001)", changes.get(0).describe());
    }

    @Test
    void anInstallOnlyPackageKeepsItsOldVersionAndIsStillAnUpdate() {
        List<PackageUpdate> changes = UpdateListing.changes(Map.of("kernel-core.x86_64", Set.of("0:5.14.0-427.el9")),
                Map.of("kernel-core.x86_64", new java.util.LinkedHashSet<>(List.of("0:5.14.0-427.el9", "0:5.14.0-503.el9"))),
                Map.of());

        assertEquals(List.of(new PackageUpdate("kernel-core", "x86_64", "0:5.14.0-427.el9", "0:5.14.0-503.el9", List.of())),
                changes);
    }
}
