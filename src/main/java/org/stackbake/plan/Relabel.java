package org.stackbake.plan;

import java.util.ArrayList;
import java.util.List;
import org.stackbake.guest.api.GuestEditor;

/**
 * Restores SELinux labels on the paths the build touched with the guest's own policy, by running
 * the guest's setfiles. When the guest has no setfiles or no file_contexts, it touches
 * /.autorelabel so the first boot relabels the whole filesystem, and says so.
 */
public record Relabel(List<String> paths, String policyType) implements GuestOp {
    static final String SETFILES = "/usr/sbin/setfiles";

    public Relabel {
        paths = List.copyOf(paths);
    }

    @Override
    public String describe() {
        return "relabel " + paths.size() + " paths (SELinux " + policyType + ")";
    }

    @Override
    public OpOutcome apply(GuestEditor guest) {
        String contexts = "/etc/selinux/" + policyType + "/contexts/files/file_contexts";
        if (!guest.exists(SETFILES) || !guest.exists(contexts)) {
            guest.writeText("/.autorelabel", "", 0644);
            return new OpOutcome("fallback: /.autorelabel (guest has no " + (guest.exists(SETFILES) ? contexts : SETFILES)
                    + "); first boot relabels and reboots once");
        }
        List<String> argv = new ArrayList<>(List.of(SETFILES, "-F", contexts));
        argv.addAll(guest.existing(paths));
        guest.run(argv);
        return new OpOutcome("in-guest setfiles");
    }
}
