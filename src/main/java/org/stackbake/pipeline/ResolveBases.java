package org.stackbake.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stackbake.base.Bases;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.GuestBackend;
import org.stackbake.image.ResolvedBase;

/**
 * Stage 3: each distinct base resolved once (pulled, made or decompressed as needed), and each
 * image's input key completed with its base's digest.
 */
final class ResolveBases {
    private final Bases bases;
    private final InputKeys keys;
    private final GuestBackend backend;
    private final Accel accel;
    private final Progress shared;

    ResolveBases(Bases bases, InputKeys keys, GuestBackend backend, Accel accel, Progress shared) {
        this.bases = bases;
        this.keys = keys;
        this.backend = backend;
        this.accel = accel;
        this.shared = shared;
    }

    void resolve(List<ImageJob> jobs) throws Exception {
        Map<String, ResolvedBase> resolved = new HashMap<>();
        for (ImageJob job : jobs) {
            if (!resolved.containsKey(job.baseReference)) {
                resolved.put(job.baseReference, shared.step("resolve base " + job.baseReference,
                        () -> bases.resolve(job.baseReference, backend, accel),
                        b -> (b.synthetic() ? "SYNTHETIC test base, " : "") + b.format()));
            }
            job.base = resolved.get(job.baseReference);
            // The digest of the file the reference names, as the skip check saw it (not a decompressed copy's).
            job.key = keys.of(job, keys.baseDigest(job.baseReference).orElse(job.base.sha256()));
        }
    }
}
