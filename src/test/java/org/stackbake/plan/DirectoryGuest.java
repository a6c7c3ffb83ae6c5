package org.stackbake.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.stackbake.files.ProcessRunner;
import org.stackbake.guest.api.GuestEditor;
import org.stackbake.guest.api.GuestRun;

/**
 * A GuestEditor over a plain directory standing in for the guest root, so plan operations can be
 * tested without an appliance. Tar extraction uses the host's real GNU tar with numeric owners,
 * as the appliance does.
 */
public final class DirectoryGuest implements GuestEditor {
    private final Path root;
    public final List<List<String>> commands = new ArrayList<>();
    /** What a guest program prints or fails with; by default every program succeeds silently. */
    public Function<List<String>, GuestRun> programs = argv -> GuestRun.succeeded("");

    public DirectoryGuest(Path root) {
        this.root = root;
    }

    public Path resolve(String guestPath) {
        return root.resolve(guestPath.substring(1));
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(resolve(path), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public String readText(String path) {
        try {
            return Files.readString(resolve(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void writeText(String path, String content, int mode) {
        try {
            Files.writeString(resolve(path), content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(resolve(path), PosixFilePermissions.fromString(rwx(mode)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void mkdirs(String path) {
        try {
            Files.createDirectories(resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void extractTar(Path tarFile) {
        ProcessRunner.Result tar = new ProcessRunner().run(
                List.of("tar", "-C", root.toString(), "--numeric-owner", "-xpf", tarFile.toString()), Duration.ofMinutes(1));
        if (!tar.succeeded()) {
            throw new IllegalStateException("tar failed: " + tar.stderr());
        }
    }

    @Override
    public void symlink(String target, String link) {
        try {
            Files.deleteIfExists(resolve(link));
            Files.createSymbolicLink(resolve(link), Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void remove(String path) {
        try {
            Files.deleteIfExists(resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String run(List<String> argv) {
        GuestRun result = tryRun(argv);
        if (!result.succeeded()) {
            throw new IllegalStateException(argv.get(0) + " failed: " + result.output());
        }
        return result.output();
    }

    @Override
    public GuestRun tryRun(List<String> argv) {
        commands.add(argv);
        return programs.apply(argv);
    }

    private static String rwx(int mode) {
        StringBuilder text = new StringBuilder();
        for (int bit = 8; bit >= 0; bit--) {
            text.append((mode & (1 << bit)) != 0 ? "rwxrwxrwx".charAt(8 - bit) : '-');
        }
        return text.toString();
    }
}
