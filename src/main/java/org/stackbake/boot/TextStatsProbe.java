package org.stackbake.boot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The memcache text protocol: {@code stats} answered by {@code STAT <name> <value>} lines up to
 * {@code END}; the {@code version} statistic names the server.
 */
final class TextStatsProbe {

    static ProbeAttempt probe(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String version = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("STAT version ")) {
                    version = line.substring("STAT version ".length());
                } else if (line.equals("END")) {
                    out.write("quit\r\n".getBytes(StandardCharsets.US_ASCII));
                    return version != null ? ProbeAttempt.ok("stats answered, version " + version)
                            : ProbeAttempt.wrong("stats answered without a version");
                } else if (!line.startsWith("STAT ")) {
                    return ProbeAttempt.wrong("unexpected answer to stats: " + line);
                }
            }
            return ProbeAttempt.noAnswer("connection closed before END");
        } catch (IOException e) {
            return ProbeAttempt.noAnswer(ProbeErrors.describe(e));
        }
    }

    private TextStatsProbe() {}
}
