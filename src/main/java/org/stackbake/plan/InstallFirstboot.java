package org.stackbake.plan;

import java.util.List;
import org.stackbake.guest.api.GuestEditor;

/** Enables the first-boot unit (its files come with the rendered tree) and creates its state directory. */
public record InstallFirstboot(String unit, String wantedBy, String stateDir) implements GuestOp {

    @Override
    public String describe() {
        return "install first boot (" + unit + ")";
    }

    @Override
    public OpOutcome apply(GuestEditor guest) {
        if (Units.installedPath(guest, unit) == null) {
            throw new IllegalStateException(unit + " is missing from the uploaded tree");
        }
        // Not a plain EnableUnit: first boot must never be silently skipped.
        new EnableUnit(unit, wantedBy).apply(guest);
        guest.mkdirs(stateDir);
        return OpOutcome.DONE;
    }

    @Override
    public List<String> touchedPaths() {
        return List.of(Units.wantsLink(wantedBy, unit), stateDir);
    }
}
