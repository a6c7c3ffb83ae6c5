package org.stackbake.pipeline;

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

    /** "chrony: ok (chronyd -p parsed /etc/chrony.conf)", "etcd: not installed (no /usr/bin/etcd)". */
    public String line() {
        return service + ": " + status.label() + " (" + detail + ")";
    }
}
