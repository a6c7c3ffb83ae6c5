package org.stackbake.spec;

/** One thing wrong with a definition, where it is, and how to fix it. */
public record SpecProblem(Location location, String message, String hint) {

    public SpecProblem {
        hint = hint == null ? "" : hint;
    }

    /** The one-line form used on the terminal: {@code FILE:LINE:COL: what (hint: how)}. */
    public String oneLine() {
        return location + ": " + message + (hint.isEmpty() ? "" : " (hint: " + hint + ")");
    }
}
