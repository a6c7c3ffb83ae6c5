package org.stackbake.base;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small HTTP/1.1 server on loopback written on plain sockets, so a test controls exactly what
 * goes on the wire: Range support or not, a transfer cut after N bytes, a body without a length
 * that simply stops, a 404. It records every request's path and Range header.
 */
public final class LoopbackServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    /** How one path answers. {@code cutAfter} >= 0 ends the connection after that many body bytes, for {@code cutTimes} requests. */
    public static final class Resource {
        final byte[] body;
        boolean ranges = true;
        boolean sendLength = true;
        long cutAfter = -1;
        int cutTimes;

        Resource(byte[] body) {
            this.body = body;
        }
    }

    public record Request(String path, String range) {}

    private final ServerSocket socket;
    private final Map<String, Resource> resources = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public LoopbackServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "loopback-http");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    public Resource serve(String path, byte[] body) {
        Resource resource = new Resource(body);
        resources.put(path, resource);
        return resource;
    }

    Resource serve(String path, String text) {
        return serve(path, text.getBytes(StandardCharsets.UTF_8));
    }

    public List<Request> requestsFor(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread handler = new Thread(() -> handle(client), "loopback-http-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** One request per connection (Connection: close), which keeps cut transfers simple. */
    private void handle(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            String path = lines[0].split(" ")[1];
            String range = null;
            for (String line : lines) {
                if (line.toLowerCase().startsWith("range:")) {
                    range = line.substring(6).trim();
                }
            }
            requests.add(new Request(path, range));
            Resource resource = resources.get(path);
            if (resource == null) {
                out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found"
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            int start = 0;
            Matcher m = range == null ? null : RANGE.matcher(range);
            String status = "200 OK";
            String extra = "";
            if (m != null && m.matches() && resource.ranges) {
                start = Integer.parseInt(m.group(1));
                if (start >= resource.body.length) {
                    out.write(("HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */" + resource.body.length
                            + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                status = "206 Partial Content";
                extra = "Content-Range: bytes " + start + "-" + (resource.body.length - 1) + "/" + resource.body.length + "\r\n";
            }
            int length = resource.body.length - start;
            out.write(("HTTP/1.1 " + status + "\r\n" + extra
                    + (resource.sendLength ? "Content-Length: " + length + "\r\n" : "")
                    + "Accept-Ranges: " + (resource.ranges ? "bytes" : "none") + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            int send = length;
            synchronized (resource) {
                if (resource.cutAfter >= 0 && resource.cutTimes > 0) {
                    resource.cutTimes--;
                    send = (int) Math.min(length, resource.cutAfter);
                }
            }
            out.write(resource.body, start, send);
            out.flush();
        } catch (IOException e) {
            // the client went away; nothing to report
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
