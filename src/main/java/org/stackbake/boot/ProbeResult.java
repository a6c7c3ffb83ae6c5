package org.stackbake.boot;

import org.stackbake.service.Probe;

/** The outcome of one probe from outside the guest: ok, failed, or not checked (and why). */
public record ProbeResult(Probe probe, Status status, String detail) {

    public enum Status { OK, FAILED, NOT_CHECKED }

    public boolean passed() {
        return status != Status.FAILED;
    }

    public String line() {
        String where = probe.protocol() == org.stackbake.service.ProbeProtocol.NTP ? "udp/" : "tcp/";
        return String.format("%-10s %-8s %-16s %s", probe.service(), where + probe.port(),
                status.name().toLowerCase().replace('_', ' '), detail);
    }
}
