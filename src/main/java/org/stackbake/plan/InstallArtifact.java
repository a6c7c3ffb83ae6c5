package org.stackbake.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.stackbake.StackbakeException;
import org.stackbake.files.TarWriter;
import org.stackbake.guest.api.GuestEditor;
import org.stackbake.guest.api.GuestRun;
import org.stackbake.release.ArtifactFile;

/**
 * Installs a verified release tarball's programs (a component with no RPM source): the fetcher gives the checked
 * host file (downloaded once into the cache, or from --artifacts DIR), the members the catalog names
 * go to their guest paths (root-owned, 0755) in one tar upload, and the system user the element's
 * unit runs as is created when the guest lacks it. The unit itself is a rendered file.
 */
public record InstallArtifact(ArtifactFile artifact, ArtifactFetcher fetcher) implements GuestOp {

    /** The artifacts a plan installs, in plan order (for the manifest and the SBOM). */
    public static List<ArtifactFile> installed(List<GuestOp> ops) {
        return ops.stream().filter(InstallArtifact.class::isInstance).map(op -> ((InstallArtifact) op).artifact()).toList();
    }

    @Override
    public String describe() {
        return "install " + artifact.name() + " (" + artifact.fileName() + ", SHA-256 " + artifact.sha256().substring(0, 12)
                + "…, verified) and its user " + artifact.user();
    }

    @Override
    public OpOutcome apply(GuestEditor guest) {
        Path tar = null;
        try {
            Path tarball = fetcher.fetch(artifact);
            tar = Files.createTempFile("stackbake-artifact-", ".tar");
            List<String> installed = extract(tarball, tar);
            guest.extractTar(tar);
            boolean created = ensureUser(guest);
            return new OpOutcome(String.join(" ", installed) + (created ? "; user " + artifact.user() + " created" : ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + artifact.name() + ": " + e.getMessage(), e);
        } finally {
            if (tar != null) {
                try {
                    Files.deleteIfExists(tar);
                } catch (IOException ignored) {
                    // A temporary copy of public binaries; nothing to report.
                }
            }
        }
    }

    /** Writes the named members (paths below the tarball's top directory) into a tar at their guest paths. */
    private List<String> extract(Path tarball, Path tar) throws IOException {
        Map<String, String> wanted = new TreeMap<>(artifact.files());
        List<String> installed = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tarball);
             TarArchiveInputStream entries = new TarArchiveInputStream(new GzipCompressorInputStream(in));
             TarWriter out = TarWriter.create(tar)) {
            for (TarArchiveEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                String name = entry.getName();
                String member = name.contains("/") ? name.substring(name.indexOf('/') + 1) : name;
                String target = wanted.remove(member);
                if (target != null && entry.isFile()) {
                    out.file(target, 0755, 0, 0, Instant.EPOCH, entries.readAllBytes());
                    installed.add(target);
                }
            }
        }
        if (!wanted.isEmpty()) {
            throw StackbakeException.failure(artifact.fileName() + " has no " + String.join(", ", wanted.keySet()),
                    "the catalog's files: for " + artifact.name() + " must name members of the release tarball", null);
        }
        return installed.stream().sorted().toList();
    }

    private boolean ensureUser(GuestEditor guest) {
        if (GuestAccounts.read(guest).users().containsKey(artifact.user())) {
            return false;
        }
        GuestRun run = guest.tryRun(List.of("useradd", "--system", "--user-group", "--home-dir", artifact.home(),
                "--no-create-home", "--shell", "/sbin/nologin", "--comment", artifact.component(), artifact.user()));
        if (!run.succeeded()) {
            throw StackbakeException.failure("cannot create the user " + artifact.user() + " for " + artifact.name() + ": "
                    + run.output().strip(), "the base needs useradd (shadow-utils)", null);
        }
        return true;
    }

    @Override
    public List<String> touchedPaths() {
        List<String> paths = new ArrayList<>(new TreeMap<>(artifact.files()).values());
        paths.addAll(List.of("/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow"));
        return paths;
    }
}
