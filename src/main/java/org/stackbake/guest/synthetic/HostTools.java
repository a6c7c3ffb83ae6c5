package org.stackbake.guest.synthetic;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stackbake.files.ProcessRunner;

/** Host programs the synthetic base is made with, looked up on PATH with a hint naming the package. */
public final class HostTools {

    /** "libfoo.so.1 => /lib/x86_64-linux-gnu/libfoo.so.1 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)". */
    private static final Pattern LDD_PATH = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");

    private static final ProcessRunner RUNNER = new ProcessRunner();
    /** rpmbuild of the tiny release package and ldd take seconds; this only stops a hang. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private HostTools() {
    }

    /** Absolute path of {@code name} on PATH (plus the sbin directories non-root PATHs lack). */
    public static Path require(String name, String debianPackage) throws IOException {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IOException("host program '" + name + "' not found on PATH; it is needed to make the synthetic"
                + " test base (install the Debian package '" + debianPackage + "' or its equivalent)");
    }

    /** Runs a command, returning its stdout; a non-zero exit becomes an IOException carrying the output. */
    public static String run(List<String> command) throws IOException {
        ProcessRunner.Result result = RUNNER.run(command, TIMEOUT);
        if (!result.succeeded()) {
            throw new IOException(String.join(" ", command) + " failed (exit " + result.exitCode() + "):\n"
                    + (result.stdout() + result.stderr()).strip());
        }
        return result.stdout();
    }

    /** True for a 64-bit little-endian ELF executable without a PT_INTERP header, i.e. one needing no loader. */
    public static boolean isStaticElf(Path binary) throws IOException {
        try (FileChannel file = FileChannel.open(binary)) {
            ByteBuffer header = read(file, 0, 64);
            if (header.getInt(0) != 0x464c457f || header.get(4) != 2 || header.get(5) != 1) {
                return false;
            }
            long phoff = header.getLong(0x20);
            int phentsize = Short.toUnsignedInt(header.getShort(0x36));
            int phnum = Short.toUnsignedInt(header.getShort(0x38));
            ByteBuffer headers = read(file, phoff, phentsize * phnum);
            for (int i = 0; i < phnum; i++) {
                if (headers.getInt(i * phentsize) == 3) { // PT_INTERP
                    return false;
                }
            }
            return true;
        }
    }

    private static ByteBuffer read(FileChannel file, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining() && file.read(buffer, offset + buffer.position()) > 0) {
            // keep reading
        }
        return buffer;
    }

    /** Shared libraries and the dynamic loader {@code binary} needs, as the paths ldd reports. */
    public static List<Path> sharedLibraries(Path binary) throws IOException {
        String output = run(List.of(require("ldd", "libc-bin").toString(), binary.toString()));
        List<Path> libraries = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher m = LDD_PATH.matcher(line);
            if (m.find()) {
                libraries.add(Path.of(m.group(1)));
            }
        }
        if (libraries.isEmpty()) {
            throw new IOException("ldd found no shared libraries for " + binary + ":\n" + output.strip());
        }
        return libraries;
    }
}
