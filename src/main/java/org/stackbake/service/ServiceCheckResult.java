package org.stackbake.service;

import java.util.Locale;

/** The outcome of one {@link ServiceCheck}; only FAILED fails verify (a base may lack the package). */
public record ServiceCheckResult(String service, Status status, String detail) {

    public enum Status {
        OK, FAILED, NOT_INSTALLED;

        /** "ok", "failed", "not installed". */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** "&lt;service&gt;: ok (&lt;what it proves&gt;)", "&lt;service&gt;: not installed (no &lt;program&gt;)". */
    public String line() {
        return service + ": " + status.label() + " (" + detail + ")";
    }
}
