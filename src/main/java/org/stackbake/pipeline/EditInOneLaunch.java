package org.stackbake.pipeline;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stackbake.StackbakeException;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.GuestBackend;
import org.stackbake.guest.api.GuestDisk;
import org.stackbake.guest.api.GuestDisks;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.plan.GuestOp;
import org.stackbake.plan.OpOutcome;
import org.stackbake.plan.PlanMounts;
import org.stackbake.sbom.InstalledPackage;
import org.stackbake.sbom.RpmPackages;

/**
 * Stage 4: ONE appliance launch with every image's overlay attached; each image in turn is
 * mounted, refused if its guest is not one its release supports, edited by its plan, and its rpm
 * database read. An image whose edits fail is marked failed and the next one goes on.
 */
final class EditInOneLaunch {
    private final GuestBackend backend;
    private final Accel accel;
    private final Progress shared;

    EditInOneLaunch(GuestBackend backend, Accel accel, Progress shared) {
        this.backend = backend;
        this.accel = accel;
        this.shared = shared;
    }

    void edit(List<ImageJob> jobs) throws Exception {
        // On only for an install from the network at build time: nothing else may leave the machine.
        boolean network = jobs.stream().anyMatch(j -> j.installsAtBuild() && j.repos.isEmpty());
        GuestDisks disks;
        try {
            disks = shared.step("launch appliance and inspect" + launchDetail(jobs.size(), network),
                    // Fresh overlays of one base hold the same bytes: the guest is detected once per base.
                    () -> backend.openMany(jobs.stream().map(j -> new GuestDisk(j.overlay.path(),
                            j.base.image().toString())).toList(), "qcow2", false, accel, shared::note, network),
                    d -> "one appliance via " + d.accelerator()
                            + (d.openTimings().isEmpty() ? "" : " (" + d.openTimings() + ")"));
        } catch (StackbakeException e) {
            // Nothing was edited: every image reports the launch failure.
            jobs.forEach(j -> j.fail(e, shared.steps()));
            return;
        }
        Map<Path, List<InstalledPackage>> packagesOfBase = new HashMap<>();
        try (disks) {
            for (int d = 0; d < jobs.size(); d++) {
                ImageJob job = jobs.get(d);
                try {
                    edit(job, disks, d, packagesOfBase);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    job.fail(e, shared.steps());
                }
            }
        } catch (StackbakeException e) {
            // The shutdown that writes every disk back failed: no overlay can be trusted.
            jobs.stream().filter(ImageJob::pending).forEach(j -> j.fail(e, shared.steps()));
        }
    }

    private static String launchDetail(int disks, boolean network) {
        if (disks == 1) {
            return network ? " (network on)" : "";
        }
        return " (" + disks + " disks" + (network ? ", network on" : "") + ")";
    }

    private void edit(ImageJob job, GuestDisks disks, int index, Map<Path, List<InstalledPackage>> packagesOfBase)
            throws Exception {
        Progress progress = job.progress;
        try (GuestSession guest = progress.step("mount", () -> disks.select(index, PlanMounts.of(job.ops)),
                g -> g.os().toString())) {
            SupportedGuests.require(guest.os(), job.base.reference(), job.release);
            for (int i = 0; i < job.ops.size(); i++) {
                GuestOp op = job.ops.get(i);
                progress.step(String.format("[%d/%d] %s", i + 1, job.ops.size(), op.describe()), () -> op.apply(guest),
                        OpOutcome::detail);
            }
            // Without a build-time install no op touches the rpm database: it is the base's, read once per base.
            List<InstalledPackage> known = job.installsAtBuild() ? null : packagesOfBase.get(job.base.image());
            if (known != null) {
                progress.note("rpm database: the base's, as read for an earlier image (" + RpmPackages.describe(known) + ")");
                job.rpms = known;
            } else {
                job.rpms = progress.step("read the rpm database (manifest and SBOM)", () -> RpmPackages.read(guest),
                        RpmPackages::describe);
                if (!job.installsAtBuild()) {
                    packagesOfBase.put(job.base.image(), job.rpms);
                }
            }
            job.os = guest.os();
        }
    }
}
