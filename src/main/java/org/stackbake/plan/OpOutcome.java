package org.stackbake.plan;

/** What an operation did, in a few words for the progress line ("skipped: not installed", "via setfiles"). */
public record OpOutcome(String detail) {
    public static final OpOutcome DONE = new OpOutcome("");

    public static OpOutcome skipped(String why) {
        return new OpOutcome("skipped: " + why);
    }
}
