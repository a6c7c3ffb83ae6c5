package org.stackbake.release;

/**
 * A release's phase on a given day, since when, and what comes next (null when no date is set).
 * Phases and dates are openstack/releases' (data/series_status.yaml).
 */
public record Lifecycle(Phase phase, String since, Phase next, String nextDate) {

    public enum Phase {
        DEVELOPMENT("development"), MAINTAINED("maintained"), UNMAINTAINED("unmaintained"), END_OF_LIFE("end of life");

        private final String text;

        Phase(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public boolean endOfLife() {
        return phase == Phase.END_OF_LIFE;
    }

    /** "maintained since 2026-04-01, unmaintained from 2027-10-27", "end of life since 2026-04-29". */
    public String describe() {
        StringBuilder text = new StringBuilder(phase.text());
        if (since != null) {
            text.append(" since ").append(since);
        }
        if (next != null) {
            text.append(", ").append(next.text()).append(nextDate == null ? " next (no date set)" : " from " + nextDate);
        }
        return text.toString();
    }
}
