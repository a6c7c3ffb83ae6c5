package org.stackbake.base;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP downloads for base images: a partial file is continued with a Range request, and started
 * over when the server ignores the range (200 instead of 206) or no longer has it (416). Proxies
 * come from the JVM's default selector ({@code -Dhttps.proxyHost=...}).
 */
public final class Downloader {
    /** Checksum files are a few lines; anything bigger is not one. */
    private static final int MAX_TEXT = 1 << 20;
    private static final int BUFFER = 1 << 20;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    /** Told how far a transfer is; {@code total} is -1 when the server did not say. */
    public interface Listener {
        void progress(long done, long total);
    }

    /** What one transfer did: where it started (0, or the size of the partial it continued) and the final size. */
    public record Transfer(long resumedFrom, long size) {}

    private final HttpClient client;

    public Downloader(HttpClient client) {
        this.client = client;
    }

    public static HttpClient defaultClient() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** A small text resource (a checksum file). */
    public String text(URI url) throws DownloadException {
        HttpResponse<InputStream> response = send(url, HttpRequest.newBuilder(url), 0);
        try (InputStream body = response.body()) {
            requireStatus(url, response.statusCode(), 200);
            byte[] bytes = body.readNBytes(MAX_TEXT + 1);
            if (bytes.length > MAX_TEXT) {
                throw new DownloadException(url + ": more than 1 MiB, not a checksum file", false, null);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (DownloadException e) {
            throw e;
        } catch (IOException e) {
            throw new DownloadException(url + ": connection lost: " + describe(e), false, e);
        }
    }

    /**
     * Downloads {@code url} into {@code part}, continuing what is already there. On a failure mid-way
     * the bytes received stay in {@code part} for the next attempt.
     */
    public Transfer fetch(URI url, Path part, Listener listener) throws IOException {
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = out.tryLock()) {
            if (lock == null) {
                throw new DownloadException(part + " is being written by another stackbake right now", true, null);
            }
            long have = out.size();
            HttpRequest.Builder request = HttpRequest.newBuilder(url);
            if (have > 0) {
                request.header("Range", "bytes=" + have + "-");
            }
            HttpResponse<InputStream> response = send(url, request, have);
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (have > 0 && status == 416) {
                    // The partial is no longer a prefix the server can continue (the file changed or shrank).
                    body.close();
                    out.truncate(0);
                    return fetchFromStart(url, out, listener);
                }
                long start = have;
                if (have > 0 && status == 206 && rangeStart(response.headers()) == have) {
                    out.position(have);
                } else {
                    requireStatus(url, status, 200);
                    start = 0; // the server ignored the range: the body is the whole file
                    out.truncate(0);
                    out.position(0);
                }
                long total = total(response.headers(), start);
                long size = copy(url, body, out, start, total, listener);
                return new Transfer(start, size);
            }
        }
    }

    private Transfer fetchFromStart(URI url, FileChannel out, Listener listener) throws IOException {
        HttpResponse<InputStream> response = send(url, HttpRequest.newBuilder(url), 0);
        try (InputStream body = response.body()) {
            requireStatus(url, response.statusCode(), 200);
            out.position(0);
            return new Transfer(0, copy(url, body, out, 0, total(response.headers(), 0), listener));
        }
    }

    private static long copy(URI url, InputStream body, FileChannel out, long start, long total, Listener listener)
            throws IOException {
        byte[] buffer = new byte[BUFFER];
        long done = start;
        listener.progress(done, total);
        try {
            int read;
            while ((read = body.read(buffer)) >= 0) {
                out.write(ByteBuffer.wrap(buffer, 0, read));
                done += read;
                listener.progress(done, total);
            }
        } catch (IOException e) {
            out.force(false);
            throw new DownloadException(url + ": connection lost after " + done + (total >= 0 ? " of " + total : "")
                    + " bytes (" + describe(e) + ")", done > 0, e);
        }
        out.force(false);
        if (total >= 0 && done != total) {
            throw new DownloadException(url + ": the server closed the transfer after " + done + " of " + total
                    + " bytes", done > 0, null);
        }
        return done;
    }

    private HttpResponse<InputStream> send(URI url, HttpRequest.Builder request, long have) throws DownloadException {
        try {
            return client.send(request.timeout(Duration.ofMinutes(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException(url + ": interrupted", have > 0, e);
        } catch (IOException e) {
            throw new DownloadException(url + ": " + describe(e), have > 0, e);
        }
    }

    private static void requireStatus(URI url, int status, int expected) throws DownloadException {
        if (status != expected) {
            throw new DownloadException(url + ": HTTP " + status + (status == 404 ? " not found" : ""), false, null);
        }
    }

    private static long rangeStart(HttpHeaders headers) {
        return headers.firstValue("Content-Range").map(CONTENT_RANGE::matcher).filter(Matcher::matches)
                .map(m -> Long.parseLong(m.group(1))).orElse(-1L);
    }

    /** The full size of the file: Content-Range's total for a 206, else start + Content-Length. */
    private static long total(HttpHeaders headers, long start) {
        if (start > 0) {
            Matcher m = headers.firstValue("Content-Range").map(CONTENT_RANGE::matcher).orElse(null);
            if (m != null && m.matches() && !m.group(3).equals("*")) {
                return Long.parseLong(m.group(3));
            }
        }
        OptionalLong length = headers.firstValueAsLong("Content-Length");
        return length.isPresent() ? start + length.getAsLong() : -1;
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "no response in time";
        }
        if (e instanceof UnknownHostException || e.getCause() instanceof UnknownHostException) {
            return "unknown host";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("\\s+", " ");
    }

}
