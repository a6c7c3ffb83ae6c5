package org.stackbake.boot;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * AMQP 0-9-1 from the client side, as far as a probe needs. With a password: a PLAIN login that
 * opens the login's vhost (header, Start, Start-Ok, Tune, Tune-Ok, Open, Open-Ok, then Close).
 * Without one (a password generated on the node): the protocol header and the broker's
 * Connection.Start, which proves an AMQP broker listens but not that the user exists.
 */
final class AmqpProbe {
    private static final byte[] PROTOCOL_HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};
    private static final int METHOD_FRAME = 1;
    private static final int FRAME_END = 0xCE;
    /** Far above any frame before the login is tuned (the spec's smallest frame-max is 4096); bounds garbage. */
    private static final int MAX_FRAME = 1 << 17;

    /** The connection class and its methods (class 10 of AMQP 0-9-1). */
    private static final int CONNECTION = 10;
    private static final int START = 10;
    private static final int START_OK = 11;
    private static final int TUNE = 30;
    private static final int TUNE_OK = 31;
    private static final int OPEN = 40;
    private static final int OPEN_OK = 41;
    private static final int CLOSE = 50;
    private static final int CLOSE_OK = 51;

    /** One method frame on channel 0; {@code args} is positioned at the method's first argument. */
    private record Method(int classId, int methodId, ByteBuffer args) {
        boolean is(int connectionMethod) {
            return classId == CONNECTION && methodId == connectionMethod;
        }
    }

    /** The broker said something that is not AMQP 0-9-1 as this probe expects it. */
    private static final class WrongAnswer extends Exception {
        WrongAnswer(String message) {
            super(message);
        }
    }

    /** The broker closed the connection (with Connection.Close, or by closing the socket): a refusal. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** Sends the protocol header and reads the broker's first frame, which must be Connection.Start. */
    static ProbeAttempt handshake(String host, int port, Duration timeout) {
        return converse(host, port, timeout, socket -> {
            ByteBuffer start = start(socket);
            int major = start.get() & 0xff;
            int minor = start.get() & 0xff;
            return ProbeAttempt.ok("broker answered Connection.Start (AMQP " + major + "-" + minor + ")" + server(start));
        });
    }

    /** One exchange with the broker on a fresh connection. */
    private interface Conversation {
        ProbeAttempt talk(Socket socket) throws IOException, WrongAnswer;
    }

    /** Connects, runs the conversation and turns what went wrong into the probe's verdict. */
    private static ProbeAttempt converse(String host, int port, Duration timeout, Conversation conversation) {
        try (Socket socket = connect(host, port, timeout)) {
            return conversation.talk(socket);
        } catch (EOFException e) {
            return ProbeAttempt.noAnswer("connection closed before Connection.Start");
        } catch (WrongAnswer e) {
            return ProbeAttempt.wrong(e.getMessage());
        } catch (BufferUnderflowException e) {
            return ProbeAttempt.wrong("a truncated Connection method from the broker");
        } catch (IOException e) {
            return ProbeAttempt.noAnswer(ProbeErrors.describe(e));
        }
    }

    /**
     * Logs in with PLAIN and opens {@code vhost}. A refusal (wrong password, no permission on the vhost) is a
     * wrong answer carrying the broker's reply; no connection or no answer in time is no answer.
     */
    static ProbeAttempt login(String host, int port, String vhost, String user, String password, Duration timeout) {
        if (vhost.getBytes(StandardCharsets.UTF_8).length > 255) {
            return ProbeAttempt.wrong("vhost '" + vhost + "' is longer than AMQP's 255 bytes");
        }
        return converse(host, port, timeout, socket -> {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            ByteBuffer start = start(socket, in);
            start.get(); // version-major
            start.get(); // version-minor
            String server = server(start);
            String mechanisms = longString(start);
            if (!Arrays.asList(mechanisms.split(" ")).contains("PLAIN")) {
                return ProbeAttempt.wrong("the broker offers no PLAIN login (mechanisms: " + mechanisms + ")");
            }
            send(out, START_OK, clientProperties(), shortString("PLAIN"),
                    longString("\0" + user + "\0" + password), shortString("en_US"));
            ByteBuffer tune;
            try {
                tune = expect(in, out, TUNE, "Connection.Tune");
            } catch (Refused e) {
                return ProbeAttempt.wrong("login as " + user + " refused: " + e.getMessage());
            }
            int channelMax = tune.getShort() & 0xffff;
            int frameMax = tune.getInt();
            send(out, TUNE_OK, shorts(channelMax), ByteBuffer.allocate(4).putInt(frameMax).array(), shorts(0));
            send(out, OPEN, shortString(vhost), shortString(""), new byte[] {0});
            try {
                expect(in, out, OPEN_OK, "Connection.Open-Ok");
            } catch (Refused e) {
                return ProbeAttempt.wrong("login as " + user + " refused on vhost " + vhost + ": " + e.getMessage());
            }
            close(in, out);
            return ProbeAttempt.ok("logged in as " + user + " on vhost " + vhost + server);
        });
    }

    /**
     * Reads Connection.Start's server-properties table and names the broker from its product and version fields,
     * as " (PRODUCT 4.0.5)"; empty when it names neither. The report says which server generation answered.
     */
    private static String server(ByteBuffer start) {
        int size = start.getInt();
        skip(start, size);
        ByteBuffer table = start.duplicate().position(start.position() - size).limit(start.position());
        String product = "";
        String version = "";
        while (table.hasRemaining()) {
            String key = shortString(table);
            char type = (char) (table.get() & 0xff);
            if (type != 'S') {
                if (!skipValue(table, type)) {
                    break; // a type this probe does not know: what was read so far is all it names
                }
            } else if (key.equals("product")) {
                product = longString(table);
            } else if (key.equals("version")) {
                version = longString(table);
            } else {
                skip(table, table.getInt());
            }
        }
        String name = (product + " " + version).strip();
        return name.isEmpty() ? "" : " (" + name + ")";
    }

    /** Moves past one field value of AMQP 0-9-1's table types (the broker's set); false for an unknown type. */
    private static boolean skipValue(ByteBuffer table, char type) {
        switch (type) {
            case 't', 'b', 'B' -> skip(table, 1);
            case 's', 'u' -> skip(table, 2);
            case 'I', 'i', 'f' -> skip(table, 4);
            case 'D' -> skip(table, 5);
            case 'l', 'L', 'd', 'T' -> skip(table, 8);
            case 'S', 'x', 'F', 'A' -> skip(table, table.getInt());
            case 'V' -> { }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static Socket connect(String host, int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static ByteBuffer start(Socket socket) throws IOException, WrongAnswer {
        return start(socket, new DataInputStream(new BufferedInputStream(socket.getInputStream())));
    }

    /** Sends the header; returns Connection.Start's arguments. A broker of another version answers with its header. */
    private static ByteBuffer start(Socket socket, DataInputStream in) throws IOException, WrongAnswer {
        socket.getOutputStream().write(PROTOCOL_HEADER);
        socket.getOutputStream().flush();
        int type = in.readUnsignedByte();
        if (type == 'A') {
            byte[] rest = new byte[7];
            in.readFully(rest);
            throw new WrongAnswer("the server speaks another AMQP version: A" + new String(rest, StandardCharsets.ISO_8859_1));
        }
        Method method = readMethod(type, in);
        if (!method.is(START)) {
            throw new WrongAnswer("first frame is not Connection.Start (class " + method.classId() + ", method "
                    + method.methodId() + ")");
        }
        return method.args();
    }

    /** The next method, which must be {@code expected}; Connection.Close or a closed socket means a refusal. */
    private static ByteBuffer expect(DataInputStream in, OutputStream out, int expected, String name)
            throws IOException, WrongAnswer, Refused {
        Method method;
        try {
            method = readMethod(in.readUnsignedByte(), in);
        } catch (EOFException e) {
            throw new Refused("the broker closed the connection");
        }
        if (method.is(CLOSE)) {
            int code = method.args().getShort() & 0xffff;
            String text = shortString(method.args());
            try {
                send(out, CLOSE_OK);
            } catch (IOException e) {
                // The broker may have closed the socket already; its reply is what matters.
            }
            throw new Refused(code + " " + text);
        }
        if (!method.is(expected)) {
            throw new WrongAnswer("expected " + name + ", got class " + method.classId() + " method " + method.methodId());
        }
        return method.args();
    }

    /** Closes politely; the login has been proven already, so a broker that just drops the socket is fine. */
    private static void close(DataInputStream in, OutputStream out) {
        try {
            send(out, CLOSE, shorts(200), shortString("probe done"), shorts(0), shorts(0));
            readMethod(in.readUnsignedByte(), in); // Close-Ok
        } catch (IOException | WrongAnswer | BufferUnderflowException e) {
            // best effort
        }
    }

    /** A method frame whose type octet has been read: channel, size, payload, and the frame-end octet. */
    private static Method readMethod(int type, DataInputStream in) throws IOException, WrongAnswer {
        int channel = in.readUnsignedShort();
        int size = in.readInt();
        if (type != METHOD_FRAME || channel != 0 || size < 4 || size > MAX_FRAME) {
            throw new WrongAnswer("not an AMQP connection method frame (type " + type + ", channel " + channel
                    + ", size " + size + ")");
        }
        byte[] payload = new byte[size];
        in.readFully(payload);
        int end = in.readUnsignedByte();
        if (end != FRAME_END) {
            throw new WrongAnswer(String.format("frame does not end with 0xce but 0x%02x", end));
        }
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        return new Method(buffer.getShort() & 0xffff, buffer.getShort() & 0xffff, buffer);
    }

    private static void send(OutputStream out, int connectionMethod, byte[]... args) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(payload);
        data.writeShort(CONNECTION);
        data.writeShort(connectionMethod);
        for (byte[] arg : args) {
            data.write(arg);
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        DataOutputStream f = new DataOutputStream(frame);
        f.writeByte(METHOD_FRAME);
        f.writeShort(0);
        f.writeInt(payload.size());
        payload.writeTo(f);
        f.writeByte(FRAME_END);
        frame.writeTo(out);
        out.flush();
    }

    /**
     * product=stackbake, and the capability that makes a broker answer a failed login with Connection.Close
     * (403 ACCESS_REFUSED) rather than only closing the socket, so the refusal can say why.
     */
    private static byte[] clientProperties() {
        byte[] capabilities = table(concat(shortString("authentication_failure_close"), new byte[] {'t', 1}));
        return table(concat(shortString("product"), new byte[] {'S'}, longString("stackbake"),
                shortString("capabilities"), new byte[] {'F'}, capabilities));
    }

    private static byte[] table(byte[] fields) {
        return concat(ByteBuffer.allocate(4).putInt(fields.length).array(), fields);
    }

    private static byte[] shortString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {(byte) bytes.length}, bytes);
    }

    private static byte[] longString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return concat(ByteBuffer.allocate(4).putInt(bytes.length).array(), bytes);
    }

    private static byte[] shorts(int value) {
        return new byte[] {(byte) (value >> 8), (byte) value};
    }

    private static String shortString(ByteBuffer buffer) {
        return string(buffer, buffer.get() & 0xff);
    }

    private static String longString(ByteBuffer buffer) {
        return string(buffer, buffer.getInt());
    }

    private static String string(ByteBuffer buffer, int length) {
        int from = buffer.position();
        skip(buffer, length);
        return new String(buffer.array(), buffer.arrayOffset() + from, length, StandardCharsets.UTF_8);
    }

    /** Moves past {@code length} bytes; a length beyond the frame (or negative) means a truncated method. */
    private static void skip(ByteBuffer buffer, int length) {
        if (length < 0 || length > buffer.remaining()) {
            throw new BufferUnderflowException();
        }
        buffer.position(buffer.position() + length);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private AmqpProbe() {}
}
