package org.stackbake.plan;

import java.util.List;
import org.stackbake.guest.api.GuestEditor;

/** Where systemd looks for units, and how `systemctl enable` records it (a symlink in a .wants dir). */
final class Units {
    static final List<String> UNIT_DIRS = List.of("/etc/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system");

    static String installedPath(GuestEditor guest, String unit) {
        return UNIT_DIRS.stream().map(dir -> dir + "/" + unit).filter(guest::exists).findFirst().orElse(null);
    }

    static String wantsLink(String target, String unit) {
        return "/etc/systemd/system/" + target + ".wants/" + unit;
    }

    private Units() {}
}
