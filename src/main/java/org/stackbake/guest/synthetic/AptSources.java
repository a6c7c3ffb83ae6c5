package org.stackbake.guest.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The host's apt sources with its Debian suites renamed to another release's: the mirrors the machine already uses
 * (and only those), the suites of the generation being made. Both formats: deb822 ({@code .sources}) and one-line.
 */
final class AptSources {

    /** "deb [options] URI SUITE components": group 2 is the suite. */
    private static final Pattern ONE_LINE = Pattern.compile("^(\\s*deb(?:-src)?\\s+(?:\\[[^\\]]*\\]\\s+)?\\S+\\s+)(\\S+)(.*)$");

    private AptSources() {
    }

    /** Writes {@code host} with every suite renamed to {@code suite} under {@code work}; returns the file. */
    static Path forSuite(Path host, String suite, Path work) throws IOException {
        boolean deb822 = host.getFileName().toString().endsWith(".sources");
        String renamed = Files.readString(host).lines().map(line -> deb822 ? deb822(line, suite) : oneLine(line, suite))
                .collect(Collectors.joining("\n", "", "\n"));
        return Files.writeString(work.resolve(suite + (deb822 ? ".sources" : ".list")), renamed);
    }

    /** "Suites: bookworm bookworm-updates" becomes "Suites: trixie trixie-updates". */
    static String deb822(String line, String suite) {
        if (!line.regionMatches(true, 0, "Suites:", 0, "Suites:".length())) {
            return line;
        }
        return "Suites: " + Arrays.stream(line.substring("Suites:".length()).trim().split("\\s+"))
                .map(hostSuite -> renamed(hostSuite, suite)).collect(Collectors.joining(" "));
    }

    /** "deb URI bookworm-security main" becomes "deb URI trixie-security main"; other lines stay. */
    static String oneLine(String line, String suite) {
        Matcher m = ONE_LINE.matcher(line);
        return m.matches() ? m.group(1) + renamed(m.group(2), suite) + m.group(3) : line;
    }

    /** A suite's release is the part before its first '-': "bookworm-updates" becomes "trixie-updates". */
    private static String renamed(String hostSuite, String suite) {
        int dash = hostSuite.indexOf('-');
        return suite + (dash < 0 ? "" : hostSuite.substring(dash));
    }
}
