package org.stackbake.boot;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a serial console line says about the boot: the kernel started, systemd (userspace) is up,
 * and the first-boot runner's own lines ({@code stackbake-firstboot: ...}, written by
 * /usr/libexec/stackbake/firstboot straight to the console). Lines may carry timestamps, colour
 * escapes or a carriage return around the text, so the patterns are searched, not anchored.
 */
public record ConsoleEvent(Kind kind, String step, String seconds) {

    public enum Kind { KERNEL, USERSPACE, FIRSTBOOT_START, STEP_START, STEP_OK, STEP_FAILED, FIRSTBOOT_DONE, FIRSTBOOT_FAILED }

    private static final String PREFIX = "stackbake-firstboot: ";
    private static final Pattern STEP = Pattern.compile(PREFIX + "step (\\S+) (start|ok|failed)(?: ([0-9]+(?:\\.[0-9]+)?)s)?\\s*$");
    private static final Pattern END = Pattern.compile(PREFIX + "(start|done|failed)\\s*$");
    private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]|\r");
    private static final Pattern KERNEL = Pattern.compile("\\bLinux version [0-9]");
    /** systemd's first messages on the console, or a getty's prompt when status output is off. */
    private static final Pattern USERSPACE = Pattern.compile("\\bsystemd\\[1\\]: |Welcome to |\\bReached target |\\[  OK  \\]| login: ?$");

    public static Optional<ConsoleEvent> parse(String rawLine) {
        String line = ESCAPES.matcher(rawLine).replaceAll("");
        Matcher step = STEP.matcher(line);
        if (step.find()) {
            Kind kind = switch (step.group(2)) {
                case "start" -> Kind.STEP_START;
                case "ok" -> Kind.STEP_OK;
                default -> Kind.STEP_FAILED;
            };
            return Optional.of(new ConsoleEvent(kind, step.group(1), step.group(3)));
        }
        Matcher end = END.matcher(line);
        if (end.find()) {
            Kind kind = switch (end.group(1)) {
                case "start" -> Kind.FIRSTBOOT_START;
                case "done" -> Kind.FIRSTBOOT_DONE;
                default -> Kind.FIRSTBOOT_FAILED;
            };
            return Optional.of(new ConsoleEvent(kind, null, null));
        }
        if (KERNEL.matcher(line).find()) {
            return Optional.of(new ConsoleEvent(Kind.KERNEL, null, null));
        }
        if (USERSPACE.matcher(line).find()) {
            return Optional.of(new ConsoleEvent(Kind.USERSPACE, null, null));
        }
        return Optional.empty();
    }

    /** True for the events that end the wait for first boot. */
    public boolean endsFirstboot() {
        return kind == Kind.FIRSTBOOT_DONE || kind == Kind.FIRSTBOOT_FAILED;
    }

    /** The progress line for this event, or empty for events printed only once elsewhere. */
    public String describe() {
        return switch (kind) {
            case KERNEL -> "kernel started";
            case USERSPACE -> "booted: systemd is up";
            case FIRSTBOOT_START -> "first boot started";
            case STEP_START -> "step " + step + " started";
            case STEP_OK -> "step " + step + " ok" + (seconds == null ? "" : " (" + seconds + " s)");
            case STEP_FAILED -> "step " + step + " FAILED";
            case FIRSTBOOT_DONE -> "first boot done";
            case FIRSTBOOT_FAILED -> "first boot FAILED";
        };
    }
}
