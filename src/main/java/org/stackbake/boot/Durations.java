package org.stackbake.boot;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stackbake.StackbakeException;

/** Parses the short durations the CLI takes: {@code 90s}, {@code 20m}, {@code 1h}, {@code 1h30m}. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(?:([0-9]{1,4})h)?(?:([0-9]{1,5})m)?(?:([0-9]{1,6})s)?");

    public static Duration parse(String text, String option) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
        if (text == null || text.isBlank() || !m.matches()) {
            throw StackbakeException.invalidInput(option + ": '" + text + "' is not a duration",
                    "write it as e.g. 90s, 20m, 1h or 1h30m");
        }
        Duration d = Duration.ofHours(group(m, 1)).plusMinutes(group(m, 2)).plusSeconds(group(m, 3));
        if (d.isZero()) {
            throw StackbakeException.invalidInput(option + ": '" + text + "' is zero", "give a positive duration, e.g. 20m");
        }
        return d;
    }

    /** 75 → "1m15s": how the CLI prints a duration back. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        return (s >= 3600 ? s / 3600 + "h" : "") + (s % 3600 >= 60 ? s % 3600 / 60 + "m" : "") + (s % 60 > 0 || s == 0 ? s % 60 + "s" : "");
    }

    private static long group(Matcher m, int i) {
        return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
    }

    private Durations() {}
}
