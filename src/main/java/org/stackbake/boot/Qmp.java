package org.stackbake.boot;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.stackbake.files.Jackson;

/** A minimal QMP client on qemu's unix socket: capabilities negotiation, then one command. */
final class Qmp {

    /** Asks the guest to shut down as the power button would (ACPI); returns once qemu accepted it. */
    static void systemPowerdown(Path socket) throws IOException {
        execute(socket, "system_powerdown");
    }

    static void execute(Path socket, String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            OutputStream out = Channels.newOutputStream(channel);
            JsonNode greeting = read(in);
            if (!greeting.has("QMP")) {
                throw new IOException("not a QMP greeting: " + greeting);
            }
            send(out, in, "qmp_capabilities");
            send(out, in, command);
        }
    }

    private static void send(OutputStream out, BufferedReader in, String command) throws IOException {
        out.write(("{\"execute\": \"" + command + "\"}\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        while (true) {
            JsonNode answer = read(in);
            if (answer.has("return")) {
                return;
            }
            if (answer.has("error")) {
                throw new IOException("QMP " + command + ": " + answer.get("error"));
            }
            // anything else is an asynchronous event: skip it
        }
    }

    private static JsonNode read(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("QMP connection closed");
        }
        return Jackson.JSON.readTree(line);
    }

    private Qmp() {}
}
