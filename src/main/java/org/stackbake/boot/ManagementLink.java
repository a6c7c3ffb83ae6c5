package org.stackbake.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;

/**
 * How a booted node's management NIC is wired. Nothing ever leaves the machine.
 * <ul>
 * <li>{@link UserMode}, the default: qemu user mode on the definition's subnet, the gateway
 *     address played by qemu, {@code restrict=on}, and 127.0.0.1 forwards to each probe port.</li>
 * <li>{@link PeerLink}: two VMs on one management L2, for tests that boot a controller and a
 *     compute node at once. The NICs of the two qemu processes exchange Ethernet frames as UDP
 *     datagrams on 127.0.0.1 (qemu {@code -netdev socket,udp=...,localaddr=...}). Exactly one side,
 *     the {@code gateway} side, also puts the user-mode network (gateway address, host forwards)
 *     on the same segment through a qemu hub; the other side has no host forwards, so its
 *     probes are reported as not checked. Make both ends with {@link #pair()}.</li>
 * </ul>
 */
public sealed interface ManagementLink {

    record UserMode() implements ManagementLink {}

    record PeerLink(int localPort, int peerPort, boolean gateway) implements ManagementLink {}

    static ManagementLink userMode() {
        return new UserMode();
    }

    /**
     * Two ends of one segment on free UDP ports: the first carries the gateway and the host
     * forwards (boot the node with services there), the second joins it. Boot both at once,
     * e.g. each {@link BootTest#run} on its own thread.
     */
    static PeerLink[] pair() {
        // Both held open at once so the kernel cannot hand out the same port twice.
        try (DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramSocket b = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return new PeerLink[] {new PeerLink(a.getLocalPort(), b.getLocalPort(), true),
                new PeerLink(b.getLocalPort(), a.getLocalPort(), false)};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
