package org.stackbake.boot;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads the first packet a MySQL-protocol server sends on connect: the protocol-10 greeting with
 * the server version, or an error packet (e.g. 1130 "Host ... is not allowed to connect"), which
 * proves the server listens as well. No login is attempted.
 */
final class MysqlHandshake {

    static ProbeAttempt probe(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            // A server that resolves client names stalls ~10 s on an unreachable DNS server before it speaks.
            socket.setSoTimeout((int) timeout.toMillis());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[4];
            in.readFully(header);
            int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
            if (length == 0 || length > 1 << 16) {
                return ProbeAttempt.wrong("not a MySQL protocol packet (length " + length + ")");
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            return parse(payload);
        } catch (EOFException e) {
            return ProbeAttempt.noAnswer("connection closed before the server greeting");
        } catch (IOException e) {
            return ProbeAttempt.noAnswer(ProbeErrors.describe(e));
        }
    }

    static ProbeAttempt parse(byte[] payload) {
        int first = payload[0] & 0xff;
        if (first == 10) {
            int end = 1;
            while (end < payload.length && payload[end] != 0) {
                end++;
            }
            String version = new String(payload, 1, end - 1, StandardCharsets.UTF_8);
            // Some servers prefix their version with "5.5.5-" for old replication clients; their own clients strip it.
            version = version.startsWith("5.5.5-") ? version.substring(6) : version;
            return ProbeAttempt.ok("server greeting, version " + version);
        }
        if (first == 0xff && payload.length >= 3) {
            int code = (payload[1] & 0xff) | (payload[2] & 0xff) << 8;
            int start = payload.length > 3 && payload[3] == '#' ? 9 : 3;
            String message = start < payload.length ? new String(payload, start, payload.length - start, StandardCharsets.UTF_8) : "";
            return ProbeAttempt.ok("server listens; it refused this client with error " + code + ": " + message.strip());
        }
        return ProbeAttempt.wrong(String.format("unexpected first packet (type 0x%02x): not a MySQL server", first));
    }

    private MysqlHandshake() {}
}
