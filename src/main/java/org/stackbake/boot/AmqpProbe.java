package org.stackbake.boot;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * AMQP 0-9-1. With a password: a real login with RabbitMQ's Java client on the definition's
 * vhost. Without one (a password generated on the node): the protocol header and the broker's
 * Connection.Start, which proves an AMQP broker listens but not that the user exists.
 */
final class AmqpProbe {
    private static final byte[] PROTOCOL_HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

    static ProbeAttempt login(String host, int port, String vhost, String user, String password, Duration timeout) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setVirtualHost(vhost);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setConnectionTimeout((int) timeout.toMillis());
        factory.setHandshakeTimeout((int) timeout.toMillis());
        factory.setAutomaticRecoveryEnabled(false);
        try (Connection connection = factory.newConnection("stackbake boot-test")) {
            Object version = connection.getServerProperties().get("version");
            return ProbeAttempt.ok("logged in as " + user + " on vhost " + vhost
                    + (version == null ? "" : " (RabbitMQ " + version + ")"));
        } catch (PossibleAuthenticationFailureException e) {
            return ProbeAttempt.wrong("login as " + user + " refused: " + e.getMessage());
        } catch (IOException | TimeoutException e) {
            return ProbeAttempt.noAnswer(ProbeErrors.describe(e));
        }
    }

    /** Sends the protocol header and reads the broker's first frame, which must be Connection.Start. */
    static ProbeAttempt handshake(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(PROTOCOL_HEADER);
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int type = in.readUnsignedByte();
            if (type == 'A') {
                byte[] rest = new byte[7];
                in.readFully(rest);
                return ProbeAttempt.wrong("the server speaks another AMQP version: A" + new String(rest, StandardCharsets.ISO_8859_1));
            }
            int channel = in.readUnsignedShort();
            int size = in.readInt();
            int classId = in.readUnsignedShort();
            int methodId = in.readUnsignedShort();
            int major = in.readUnsignedByte();
            int minor = in.readUnsignedByte();
            if (type != 1 || channel != 0 || size < 4 || classId != 10 || methodId != 10) {
                return ProbeAttempt.wrong("first frame is not Connection.Start (type " + type + ", class " + classId
                        + ", method " + methodId + ")");
            }
            return ProbeAttempt.ok("broker answered Connection.Start (AMQP " + major + "-" + minor + ")");
        } catch (EOFException e) {
            return ProbeAttempt.noAnswer("connection closed before Connection.Start");
        } catch (IOException e) {
            return ProbeAttempt.noAnswer(ProbeErrors.describe(e));
        }
    }

    private AmqpProbe() {}
}
