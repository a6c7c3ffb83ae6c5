package org.stackbake.boot;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** One NTPv4 client request over UDP; the server answers with a mode-4 packet carrying its stratum. */
final class NtpQuery {

    static ProbeAttempt probe(String host, int port, Duration timeout) {
        byte[] request = new byte[48];
        request[0] = 0x23; // leap 0, version 4, mode 3 (client)
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.send(new DatagramPacket(request, request.length, new InetSocketAddress(host, port)));
            byte[] buffer = new byte[512];
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            socket.receive(answer);
            return parse(answer.getData(), answer.getLength());
        } catch (SocketTimeoutException e) {
            return ProbeAttempt.noAnswer("no NTP answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            return ProbeAttempt.noAnswer(ProbeErrors.describe(e));
        }
    }

    static ProbeAttempt parse(byte[] data, int length) {
        if (length < 48) {
            return ProbeAttempt.wrong("short NTP answer (" + length + " bytes)");
        }
        int mode = data[0] & 0x7;
        int leap = (data[0] >> 6) & 0x3;
        int stratum = data[1] & 0xff;
        if (mode != 4) {
            return ProbeAttempt.wrong("NTP answer in mode " + mode + ", not 4 (server)");
        }
        if (stratum == 0) {
            return ProbeAttempt.noAnswer("NTP kiss-o'-death or unsynchronised server (stratum 0)");
        }
        return ProbeAttempt.ok("NTP server answered, stratum " + stratum + (leap == 3 ? ", not synchronised" : ""));
    }

    private NtpQuery() {}
}
