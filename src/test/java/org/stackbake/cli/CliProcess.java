package org.stackbake.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the CLI in a separate JVM with XDG_CACHE_HOME set: the cache location comes from the
 * environment, which a test cannot change in-process, and the real home cache must stay untouched.
 */
public final class CliProcess {

    public record Result(int exitCode, String out, String err) {}

    private CliProcess() {}

    public static Result run(Path xdgCacheHome, String... args) throws IOException, InterruptedException {
        return runIn(Path.of(""), xdgCacheHome, args);
    }

    /** As {@link #run}, with {@code workingDirectory} as the CLI's working directory. */
    public static Result runIn(Path workingDirectory, Path xdgCacheHome, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Djava.library.path=" + System.getProperty("java.library.path"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .directory(workingDirectory.toAbsolutePath().toFile());
        builder.environment().put("XDG_CACHE_HOME", xdgCacheHome.toString());
        Path out = Files.createTempFile("stackbake-cli-out", ".txt");
        Path err = Files.createTempFile("stackbake-cli-err", ".txt");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            int code = process.waitFor();
            return new Result(code, Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
