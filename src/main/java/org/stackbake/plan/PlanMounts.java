package org.stackbake.plan;

import java.util.ArrayList;
import java.util.List;
import org.stackbake.guest.api.MountScope;

/**
 * Which of the guest's filesystems a plan needs mounted. Installing or updating packages may write
 * anywhere (a kernel lands in /boot): everything. Otherwise / and whatever holds what the build reads (accounts,
 * units, the SELinux policy and setfiles, the rpm database: all under /etc, /usr and /var) or touches.
 */
public final class PlanMounts {
    static final List<String> READ = List.of("/etc", "/usr", "/var");

    private PlanMounts() {}

    public static MountScope of(List<GuestOp> ops) {
        if (ops.stream().anyMatch(op -> op instanceof InstallPackages || op instanceof UpdatePackages)) {
            return MountScope.ALL;
        }
        List<String> directories = new ArrayList<>(READ);
        ops.forEach(op -> directories.addAll(op.touchedPaths()));
        return MountScope.holding(directories);
    }
}
