package org.stackbake.boot;

/** A qemu user-mode port forward from 127.0.0.1:hostPort to the guest's address and port. */
public record HostForward(Transport transport, int hostPort, String guestAddress, int guestPort) {

    public enum Transport { TCP, UDP }

    /** The {@code hostfwd=} value of {@code -netdev user}: loopback only, never the host's other addresses. */
    public String qemuOption() {
        return "hostfwd=" + transport.name().toLowerCase() + ":127.0.0.1:" + hostPort + "-" + guestAddress + ":" + guestPort;
    }
}
