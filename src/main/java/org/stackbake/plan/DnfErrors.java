package org.stackbake.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns dnf's standard error into one line that names what failed: the packages no repository has,
 * the repository that could not be reached, or dnf's own error line. dnf 4 wording, e.g.
 * {@code Error: Unable to find a match: NAME} and {@code Error: Failed to download metadata for repo 'X': Cannot download repomd.xml}.
 */
final class DnfErrors {
    private static final Pattern NO_MATCH = Pattern.compile("No match for argument: (\\S+)");
    private static final Pattern UNABLE_TO_FIND = Pattern.compile("Unable to find a match: (.+)");
    private static final Pattern REPO = Pattern.compile(
            "(?:Failed to download metadata for repo|Errors during downloading metadata for repository|"
                    + "Cannot download repomd\\.xml.*?repo(?:sitory)?) '([^']+)'");
    private static final Pattern NOTHING_PROVIDES = Pattern.compile("nothing provides (\\S+(?: [<>=]+ \\S+)?) needed by (\\S+)");

    /** What went wrong, and how to go on. */
    record Problem(String message, String hint) {}

    private DnfErrors() {}

    static Problem describe(String stderr) {
        String text = stderr == null ? "" : stderr.replace("\r", "");
        Set<String> missing = new LinkedHashSet<>();
        for (Matcher m = NO_MATCH.matcher(text); m.find(); ) {
            missing.add(m.group(1));
        }
        for (Matcher m = UNABLE_TO_FIND.matcher(text); m.find(); ) {
            missing.addAll(List.of(m.group(1).trim().split("\\s+")));
        }
        if (!missing.isEmpty()) {
            return new Problem((missing.size() == 1 ? "package not found: " : "packages not found: ")
                    + String.join(", ", missing) + " (no enabled repository has " + (missing.size() == 1 ? "it" : "them") + ")",
                    "check the name, or add the repository that has it (repositories: in the definition, or --repo DIR)");
        }
        Set<String> repos = new LinkedHashSet<>();
        for (Matcher m = REPO.matcher(text); m.find(); ) {
            repos.add(m.group(1));
        }
        if (!repos.isEmpty()) {
            return new Problem("cannot download the metadata of repository " + String.join(", ", repos.stream()
                    .map(r -> "'" + r + "'").toList()) + (text.contains("repomd.xml") ? " (repomd.xml)" : ""),
                    "the mirror is unreachable from the build machine (the appliance's network goes through it): check"
                            + " the URL and the network, or build offline with --repo DIR");
        }
        if (text.contains("Cannot download repomd.xml")) {
            return new Problem("cannot download a repository's metadata (repomd.xml)",
                    "the mirror is unreachable from the build machine: check the network, or build offline with --repo DIR");
        }
        Matcher dependency = NOTHING_PROVIDES.matcher(text);
        if (dependency.find()) {
            return new Problem("dependency problem: nothing provides " + dependency.group(1) + " needed by "
                    + dependency.group(2), "add the repository that has it, or put the package in the --repo directory");
        }
        return new Problem("dnf failed: " + errorLine(text),
                "run the same dnf command in a VM of the base to see its whole output");
    }

    /** dnf's "Error: ..." line, else its last non-blank line. */
    private static String errorLine(String text) {
        List<String> lines = new ArrayList<>(text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        return lines.stream().filter(l -> l.startsWith("Error:")).findFirst()
                .map(l -> l.substring("Error:".length()).strip())
                .orElse(lines.isEmpty() ? "no error output" : lines.get(lines.size() - 1));
    }
}
