package org.stackbake.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stackbake.StackbakeException;
import org.stackbake.files.FileTrees;
import org.stackbake.guest.api.GuestEditor;
import org.stackbake.guest.api.GuestRun;
import org.stackbake.spec.Definition.Repository;

/**
 * The guest's own dnf as the build's package ops run it: online with the guest's repositories, or
 * offline from the build's {@code --repo} directories (uploaded to {@code /var/tmp/stackbake-repo-N},
 * repo ids {@code stackbake-local-N}, every other repository disabled), and afterwards no trace of
 * it: caches, logs and the uploaded directories are removed.
 */
final class GuestDnf {
    static final String DNF = "/usr/bin/dnf";
    static final String DNF_CACHE = "/var/cache/dnf";
    static final List<String> DNF_LOGS = List.of("/var/log/dnf.log", "/var/log/dnf.librepo.log", "/var/log/dnf.rpm.log",
            "/var/log/hawkey.log");
    static final String LOCAL_ID_PREFIX = Repository.ID_PREFIX + Repository.LOCAL_NAME_PREFIX;

    private final List<Path> localRepos;
    private final String guestTemp;

    GuestDnf(List<Path> localRepos, String guestTemp) {
        this.localRepos = List.copyOf(localRepos);
        this.guestTemp = guestTemp;
    }

    boolean offline() {
        return !localRepos.isEmpty();
    }

    /**
     * Uploads the local repositories and returns the options that make dnf use only them; online,
     * none. The operator's own directories: their packages are trusted as given, signed or not.
     */
    List<String> stageLocalRepositories(GuestEditor guest) {
        if (!offline()) {
            return List.of();
        }
        List<String> options = new ArrayList<>(List.of("--disablerepo=*"));
        for (int i = 0; i < localRepos.size(); i++) {
            String dir = localDir(i);
            guest.mkdirs(dir);
            uploadDirectory(guest, localRepos.get(i), dir);
            String id = LOCAL_ID_PREFIX + i;
            options.add("--repofrompath=" + id + "," + dir);
            options.add("--setopt=" + id + ".gpgcheck=0");
        }
        options.addAll(List.of("--enablerepo=" + LOCAL_ID_PREFIX + "*", "--releasever=" + releasever(guest),
                "--setopt=install_weak_deps=False"));
        return options;
    }

    /** Runs dnf; a failure is one line saying what the build was {@code doing} and what dnf could not do. */
    static String run(GuestEditor guest, List<String> args, String doing) {
        List<String> argv = new ArrayList<>(List.of(DNF));
        argv.addAll(args);
        GuestRun run = guest.tryRun(argv);
        if (!run.succeeded()) {
            DnfErrors.Problem problem = DnfErrors.describe(run.output());
            throw StackbakeException.failure(doing + ": " + problem.message(), problem.hint(), null);
        }
        return run.output();
    }

    /** Runs {@code work} with dnf, then removes its traces; dnf's own error wins over a cleanup's. */
    void session(GuestEditor guest, Runnable work) {
        boolean cacheExisted = guest.exists(DNF_CACHE);
        RuntimeException failure = null;
        try {
            work.run();
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            try {
                cleanUp(guest, cacheExisted);
            } catch (RuntimeException e) {
                // The overlay of a failed build is discarded anyway.
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    private String localDir(int index) {
        return guestTemp + "/stackbake-repo-" + index;
    }

    /** VERSION_ID's major from the guest's os-release: dnf's $releasever, which an EL system-release package provides. */
    static String releasever(GuestEditor guest) {
        for (String file : List.of("/etc/os-release", "/usr/lib/os-release")) {
            if (guest.exists(file)) {
                for (String line : guest.readText(file).split("\n")) {
                    if (line.startsWith("VERSION_ID=")) {
                        String version = line.substring("VERSION_ID=".length()).replace("\"", "").strip();
                        return version.contains(".") ? version.substring(0, version.indexOf('.')) : version;
                    }
                }
            }
        }
        throw StackbakeException.failure("the guest's os-release has no VERSION_ID", "dnf needs it as $releasever", null);
    }

    private static void uploadDirectory(GuestEditor guest, Path hostDir, String guestDir) {
        Path tar = null;
        try {
            tar = Files.createTempFile("stackbake-repo-", ".tar");
            DirectoryTar.write(hostDir, guestDir, tar);
            guest.extractTar(tar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + hostDir + " for the guest: " + e.getMessage(), e);
        } finally {
            FileTrees.deleteQuietly(tar); // a leftover copy of a public repository in the temp dir at worst
        }
    }

    /** Leaves no trace of the machinery: metadata caches, logs, the uploaded repositories. */
    private void cleanUp(GuestEditor guest, boolean cacheExisted) {
        List<String> clean = new ArrayList<>(List.of(DNF));
        if (offline()) {
            clean.add("--disablerepo=*");
        }
        clean.addAll(List.of("clean", "all"));
        guest.tryRun(clean);
        List<String> rm = new ArrayList<>(List.of("rm", "-rf", DNF_CACHE));
        for (int i = 0; i < localRepos.size(); i++) {
            rm.add(localDir(i));
        }
        guest.run(rm);
        if (cacheExisted) {
            guest.mkdirs(DNF_CACHE);
        }
        DNF_LOGS.forEach(guest::remove);
    }
}
