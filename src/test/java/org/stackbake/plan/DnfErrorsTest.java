package org.stackbake.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** dnf 4's standard error (as EL 9's dnf 4.14 prints it) to one line naming the package or the repository. */
@Tag("unit")
class DnfErrorsTest {

    @Test
    void packagesNoRepositoryHas() {
        assertEquals("package not found: no-such-package (no enabled repository has it)", DnfErrors.describe("""
                No match for argument: no-such-package
                Error: Unable to find a match: no-such-package
                """).message());
        assertEquals("packages not found: a, b (no enabled repository has them)",
                DnfErrors.describe("Error: Unable to find a match: a b\n").message());
    }

    @Test
    void unreachableRepositoryByName() {
        assertEquals("cannot download the metadata of repository 'stackbake-site' (repomd.xml)", DnfErrors.describe("""
                Errors during downloading metadata for repository 'stackbake-site':
                  - Curl error (7): Couldn't connect to server for http://10.0.0.1/repo/repodata/repomd.xml [Failed to connect to 10.0.0.1 port 80: Connection refused]
                Error: Failed to download metadata for repo 'stackbake-site': Cannot download repomd.xml: Cannot download repodata/repomd.xml: All mirrors were tried
                """).message());
    }

    @Test
    void repomdWithoutARepositoryName() {
        assertEquals("cannot download a repository's metadata (repomd.xml)",
                DnfErrors.describe("Cannot download repomd.xml: Cannot download repodata/repomd.xml: All mirrors were tried\n").message());
    }

    @Test
    void dependencyProblem() {
        assertEquals("dependency problem: nothing provides stackbake-fixture-lib = 1.0-1 needed by stackbake-fixture-app-1.0-1.noarch",
                DnfErrors.describe("""
                        Error:\s
                         Problem: conflicting requests
                          - nothing provides stackbake-fixture-lib = 1.0-1 needed by stackbake-fixture-app-1.0-1.noarch
                        (try to add '--skip-broken' to skip uninstallable packages)
                        """).message());
    }

    @Test
    void anythingElseIsDnfsOwnErrorLine() {
        assertEquals("dnf failed: Transaction test error: installing package x needs 12MB more space on the / filesystem",
                DnfErrors.describe("Running transaction check\nError: Transaction test error: installing package x needs 12MB more"
                        + " space on the / filesystem\n").message());
        assertEquals("dnf failed: Segmentation fault", DnfErrors.describe("\nSegmentation fault\n").message());
        assertEquals("dnf failed: no error output", DnfErrors.describe("").message());
    }
}
