package org.stackbake.plan;

import org.stackbake.guest.api.GuestEditor;

/** Removes a unit's enablement links and, when mask is set, links it to /dev/null so nothing can start it. */
public record DisableUnit(String unit, boolean mask) implements GuestOp {
    private static final String[] TARGETS = {"multi-user.target", "graphical.target", "basic.target"};

    @Override
    public String describe() {
        return (mask ? "disable and mask " : "disable ") + unit;
    }

    @Override
    public OpOutcome apply(GuestEditor guest) {
        if (Units.installedPath(guest, unit) == null) {
            return OpOutcome.skipped("not installed");
        }
        for (String target : TARGETS) {
            String link = Units.wantsLink(target, unit);
            if (guest.exists(link)) {
                guest.remove(link);
            }
        }
        if (mask) {
            guest.symlink("/dev/null", "/etc/systemd/system/" + unit);
        }
        return OpOutcome.DONE;
    }
}
