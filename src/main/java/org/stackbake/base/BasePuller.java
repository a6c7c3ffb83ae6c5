package org.stackbake.base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.stackbake.StackbakeException;
import org.stackbake.files.FileTrees;
import org.stackbake.files.Sha256;
import org.stackbake.release.BaseCatalog;
import org.stackbake.release.BaseImage;

/**
 * Verified downloads into the base cache. A download goes to {@code FILE.part} (kept when the
 * transfer breaks, so the next pull resumes it), is checked against the published SHA-256, and
 * only then renamed to {@code FILE}; the verified digest is kept beside it as {@code FILE.sha256}
 * (sha256sum format). A file that does not verify never enters the cache.
 */
public final class BasePuller {
    static final String PART = ".part";
    static final String DIGEST = ".sha256";

    private final Path dir;
    private final BaseCatalog catalog;
    private final Downloader downloader;
    private final Consumer<String> log;
    private final Function<String, Downloader.Listener> meters;

    /**
     * @param log    one line per event (resolving, already cached, verified)
     * @param meters a progress listener for a transfer, given its label
     */
    public BasePuller(Path dir, BaseCatalog catalog, Downloader downloader, Consumer<String> log,
                      Function<String, Downloader.Listener> meters) {
        this.dir = dir;
        this.catalog = catalog;
        this.downloader = downloader;
        this.log = log;
        this.meters = meters;
    }

    /** The verified file in the cache, its digest and whether this call downloaded it. */
    public record Pulled(Path file, String sha256, long size, boolean downloaded) {}

    private record Source(String label, URI url, String fileName, URI checksumUrl, String sha256) {}

    /** The cached file for a catalog entry, pulling it only when it is not cached yet (builds work offline). */
    public Path ensure(BaseImage base) {
        Path file = dir.resolve(base.fileName());
        if (Files.isRegularFile(file) && recordedDigest(file).isPresent()) {
            return file;
        }
        return pull(PullRequest.of(base.name())).file();
    }

    /**
     * Refuses a cached catalog base whose content no longer has the digest verified when it was
     * pulled; the build computes that digest anyway, so the check costs nothing.
     */
    public static void requireUnchanged(Path file, String sha256) {
        Optional<String> recorded = recordedDigest(file);
        if (recorded.isPresent() && !recorded.get().equals(sha256)) {
            throw StackbakeException.failure("base " + file + ": its sha256 " + sha256 + " is no longer the "
                    + recorded.get() + " verified when it was pulled", "delete it and run base pull again", null);
        }
    }

    public Pulled pull(PullRequest request) {
        Source source = resolve(request);
        String expected = source.sha256() != null ? source.sha256() : publishedDigest(source);
        Path file = dir.resolve(source.fileName());
        if (Files.isRegularFile(file) && recordedDigest(file).filter(expected::equals).isPresent()) {
            log.accept(source.label() + ": already cached and verified: " + file);
            return new Pulled(file, expected, size(file), false);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw StackbakeException.failure("cannot create the base cache " + dir + ": " + e.getMessage(),
                    "set XDG_CACHE_HOME to a writable directory", e);
        }
        Path part = dir.resolve(source.fileName() + PART);
        Downloader.Transfer transfer = download(source, part);
        String actual = digest(part);
        if (!actual.equals(expected) && transfer.resumedFrom() > 0) {
            // The partial may have come from an older file behind the same URL (a moved "latest" link).
            log.accept(source.label() + ": the resumed download does not verify; downloading it again from the start");
            FileTrees.deleteQuietly(part);
            download(source, part);
            actual = digest(part);
        }
        if (!actual.equals(expected)) {
            FileTrees.deleteQuietly(part);
            throw StackbakeException.failure("base " + source.label() + ": checksum mismatch: expected sha256 "
                    + expected + ", downloaded " + actual + "; nothing was cached",
                    "the download was damaged, or the checksum does not belong to this file; pull again or use another --mirror", null);
        }
        publish(part, file, actual);
        log.accept(source.label() + ": verified sha256 " + actual + ", cached " + file);
        return new Pulled(file, actual, size(file), true);
    }

    /** What the cache holds: pulled files with their verified digests, other files, and partial downloads. */
    public List<CachedBase> cached() {
        return cached(dir);
    }

    /** As {@link #cached()}, for a listing that needs no HTTP client. */
    public static List<CachedBase> cached(Path dir) {
        List<CachedBase> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".") || name.endsWith(DIGEST) || !Files.isRegularFile(entry)) {
                    continue;
                }
                boolean partial = name.endsWith(PART);
                found.add(new CachedBase(entry, size(entry), partial ? null : recordedDigest(entry).orElse(null), partial));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort((a, b) -> a.file().getFileName().toString().compareTo(b.file().getFileName().toString()));
        return found;
    }

    public Path dir() {
        return dir;
    }

    private Source resolve(PullRequest request) {
        if (request.checksumUrl() != null && request.sha256() != null) {
            throw StackbakeException.invalidInput("base pull: --checksum-url and --sha256 both given",
                    "give one checksum source");
        }
        String sha256 = null;
        if (request.sha256() != null) {
            sha256 = ChecksumFile.normalizedHex(request.sha256()).orElseThrow(() -> StackbakeException.invalidInput(
                    "base pull: --sha256 '" + request.sha256() + "' is not a SHA-256 digest", "64 hexadecimal digits"));
        }
        URI checksumUrl = request.checksumUrl() == null ? null : httpUrl(request.checksumUrl(), "--checksum-url");
        Optional<BaseImage> base = catalog.find(request.source());
        if (base.isPresent()) {
            BaseImage b = base.get();
            if (request.mirror() != null) {
                httpUrl(request.mirror(), "--mirror");
            }
            URI url = b.imageUrl(request.mirror());
            URI published = checksumUrl != null || sha256 != null ? checksumUrl : b.checksumUrl(request.mirror());
            log.accept(b.name() + ": " + url);
            return new Source(b.name(), url, b.fileName(), published, sha256);
        }
        if (!request.source().matches("(?i)https?://.*")) {
            throw StackbakeException.invalidInput("base pull: '" + request.source() + "' is neither a catalog name"
                    + " nor an http(s) URL", "catalog names: " + String.join(", ", catalog.names()));
        }
        URI url = httpUrl(request.source(), "URL");
        if (request.mirror() != null) {
            throw StackbakeException.invalidInput("base pull: --mirror applies to catalog names, not to a URL",
                    "put the mirror's host in the URL itself");
        }
        if (checksumUrl == null && sha256 == null) {
            throw StackbakeException.invalidInput("base pull " + url + ": no checksum to verify it against",
                    "add --sha256 HEX or --checksum-url URL (the distribution's CHECKSUM/SHA256SUM file)");
        }
        String path = url.getPath() == null ? "" : url.getPath();
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        if (fileName.isEmpty() || fileName.startsWith(".") || fileName.endsWith(PART) || fileName.endsWith(DIGEST)) {
            throw StackbakeException.invalidInput("base pull " + url + ": the URL does not end in a file name",
                    "give the image's own URL, e.g. .../Rocky-9-GenericCloud-Base.latest.x86_64.qcow2");
        }
        return new Source(fileName, url, fileName, checksumUrl, sha256);
    }

    private static URI httpUrl(String value, String what) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw StackbakeException.invalidInput("base pull: " + what + " '" + value + "' is not an http(s) URL",
                "e.g. https://mirror.example.org/rocky/");
    }

    private String publishedDigest(Source source) {
        String text;
        try {
            text = downloader.text(source.checksumUrl());
        } catch (DownloadException e) {
            throw StackbakeException.failure("base " + source.label() + ": cannot fetch the checksum file: "
                    + e.getMessage(), "check the URL and the network; --mirror uses another server", e);
        }
        return ChecksumFile.parse(text).sha256For(source.fileName()).orElseThrow(() -> StackbakeException.failure(
                "base " + source.label() + ": " + source.checksumUrl() + " has no SHA-256 for " + source.fileName(),
                "the checksum file may belong to another image; give --sha256 HEX", null));
    }

    private Downloader.Transfer download(Source source, Path part) {
        Downloader.Listener meter = meters.apply(source.label());
        try {
            if (Files.exists(part)) {
                log.accept(source.label() + ": resuming the partial download " + part + " (" + size(part) + " bytes)");
            }
            return downloader.fetch(source.url(), part, meter);
        } catch (DownloadException e) {
            if (!e.partialKept()) {
                FileTrees.deleteQuietly(part);
            }
            throw StackbakeException.failure("base " + source.label() + ": download failed: " + e.getMessage()
                    + (e.partialKept() ? "; the partial download is kept" : ""),
                    e.partialKept() ? "run the same pull again to resume it" : "check the URL and the network", e);
        } catch (IOException e) {
            throw StackbakeException.failure("base " + source.label() + ": cannot write " + part + ": " + e.getMessage(),
                    "free space there, or set XDG_CACHE_HOME to another directory", e);
        } finally {
            if (meter instanceof ProgressMeter progress) {
                progress.finish();
            }
        }
    }

    /** Old digest out first, then the image, then its digest: a crash in between leaves an image without a digest, which is pulled again. */
    private void publish(Path part, Path file, String sha256) {
        Path digestFile = digestFile(file);
        Path digestTemp = dir.resolve("." + digestFile.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("r--r--r--"));
            Files.deleteIfExists(digestFile);
            move(part, file);
            Files.writeString(digestTemp, sha256 + "  " + file.getFileName() + "\n", StandardCharsets.US_ASCII);
            move(digestTemp, digestFile);
        } catch (IOException e) {
            FileTrees.deleteQuietly(digestTemp);
            throw StackbakeException.failure("cannot place " + file + " in the base cache: " + e.getMessage(),
                    "free space there, or set XDG_CACHE_HOME to another directory", e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the cache's filesystem cannot rename atomically", e);
        }
    }

    static Path digestFile(Path file) {
        return file.resolveSibling(file.getFileName() + DIGEST);
    }

    /** The digest verified when {@code file} was pulled, from {@code FILE.sha256}. */
    static Optional<String> recordedDigest(Path file) {
        Path digestFile = digestFile(file);
        if (!Files.isRegularFile(digestFile)) {
            return Optional.empty();
        }
        try {
            return ChecksumFile.parse(Files.readString(digestFile, StandardCharsets.US_ASCII))
                    .sha256For(file.getFileName().toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String digest(Path file) {
        try {
            return Sha256.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
