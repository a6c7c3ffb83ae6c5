package org.stackbake.plan;

import java.util.List;
import org.stackbake.guest.api.GuestEditor;

/** Enables a unit the way systemctl does: a symlink in the target's .wants directory. Skips units not installed. */
public record EnableUnit(String unit, String wantedBy) implements GuestOp {

    @Override
    public String describe() {
        return "enable " + unit;
    }

    @Override
    public OpOutcome apply(GuestEditor guest) {
        String installed = Units.installedPath(guest, unit);
        if (installed == null) {
            return OpOutcome.skipped("not installed");
        }
        String link = Units.wantsLink(wantedBy, unit);
        guest.mkdirs(link.substring(0, link.lastIndexOf('/')));
        guest.symlink(installed, link);
        return OpOutcome.DONE;
    }

    @Override
    public List<String> touchedPaths() {
        return List.of(Units.wantsLink(wantedBy, unit));
    }
}
