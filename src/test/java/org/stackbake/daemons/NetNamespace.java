package org.stackbake.daemons;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace the test owns, named uniquely so concurrent runs never meet. Its loopback is
 * up, and name resolution inside it never leaves it: {@code ip netns exec} bind-mounts
 * {@code /etc/netns/NAME/FILE} over {@code /etc/FILE}, and resolv.conf there points at the
 * namespace's own loopback. Closing deletes the namespace (and the veth ends in it) and those files.
 * Public for the first-boot step tests, which run rendered steps and their servers in one.
 */
public final class NetNamespace implements AutoCloseable {
    private static final Duration SHORT = Duration.ofSeconds(10);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;
    private final Path etcDir;
    private final Thread cleanupOnExit;

    private NetNamespace(String name) {
        this.name = name;
        this.etcDir = Path.of("/etc/netns", name);
        this.cleanupOnExit = new Thread(this::delete, "netns-cleanup-" + name);
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    /** Creates the namespace or fails the test saying why (not root, no iproute2, ...). */
    public static NetNamespace create(String tag) {
        Exec.requireProgram("ip", "iproute2");
        String name = "sbk-" + tag + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        Exec.Result added = Exec.run(SHORT, List.of("ip", "netns", "add", name));
        if (!added.ok()) {
            throw new AssertionError("cannot create network namespace " + name + " (the daemon tests need root,"
                    + " as .ci/run runs them): " + added.describe());
        }
        NetNamespace ns = new NetNamespace(name);
        try {
            Exec.check(SHORT, List.of("ip", "-n", name, "link", "set", "lo", "up"));
            // No nameserver but our own loopback: a lookup the hosts file cannot answer fails here.
            ns.writeEtc("resolv.conf", "nameserver 127.0.0.1\n");
            return ns;
        } catch (RuntimeException | AssertionError e) {
            ns.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** The command prefixed to run inside this namespace. */
    public List<String> command(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return full;
    }

    Exec.Result run(Duration timeout, String... command) {
        return Exec.run(timeout, command(List.of(command)));
    }

    Exec.Result check(Duration timeout, String... command) {
        return Exec.check(timeout, command(List.of(command)));
    }

    /** Writes /etc/netns/NAME/FILE, which processes started in the namespace afterwards see as /etc/FILE. */
    void writeEtc(String file, String text) {
        try {
            Files.createDirectories(etcDir);
            Files.writeString(etcDir.resolve(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + etcDir.resolve(file), e);
        }
    }

    /**
     * Joins this namespace and {@code peer} with a veth pair (created directly inside both, so no
     * end ever sits in the host's namespace) and gives each end its addresses.
     */
    void connect(NetNamespace peer, List<String> here, List<String> there) {
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000, 0x10000000));
        String mine = "sbk" + id + "a";
        String theirs = "sbk" + id + "b";
        Exec.check(SHORT, List.of("ip", "link", "add", mine, "netns", name, "type", "veth",
                "peer", "name", theirs, "netns", peer.name));
        configure(mine, here);
        peer.configure(theirs, there);
    }

    /**
     * Gives this namespace a NIC of its own with {@code addresses} and nothing behind it: a veth
     * pair whose both ends stay here (the dummy driver is missing from some kernels tests run on).
     */
    public void addNic(String device, List<String> addresses) {
        String peer = device + "p";
        Exec.check(SHORT, List.of("ip", "-n", name, "link", "add", device, "type", "veth", "peer", "name", peer));
        Exec.check(SHORT, List.of("ip", "-n", name, "link", "set", peer, "up"));
        configure(device, addresses);
    }

    private void configure(String device, List<String> addresses) {
        for (String cidr : addresses) {
            Exec.check(SHORT, List.of("ip", "-n", name, "address", "add", cidr, "dev", device));
        }
        Exec.check(SHORT, List.of("ip", "-n", name, "link", "set", device, "up"));
    }

    /** Every listening TCP socket and bound UDP socket here, as {@code tcp 192.168.8.10:3306}. */
    Set<String> listeners() {
        Exec.Result ss = check(SHORT, "ss", "-H", "-l", "-n", "-t", "-u");
        Set<String> sockets = new TreeSet<>();
        for (String line : ss.out().split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 5) {
                sockets.add(fields[0] + " " + fields[4]);
            }
        }
        return sockets;
    }

    /**
     * Connects from inside this namespace to host:port with bash's /dev/tcp, sends {@code request}
     * and returns what the server sends until it closes. Exit 0 = connected; a refused connection
     * fails with "Connection refused" on stderr.
     */
    Exec.Result exchange(String host, int port, String request) {
        return run(SHORT, "timeout", "5", "bash", "-c",
                "exec 3<>\"/dev/tcp/$0/$1\" || exit 7; printf '%s' \"$2\" >&3; cat <&3",
                host, Integer.toString(port), request);
    }

    /** Whether a TCP connection from here to host:port is accepted (something listens there). */
    public boolean accepts(String host, int port) {
        return run(SHORT, "timeout", "2", "bash", "-c", "exec 3<>\"/dev/tcp/$0/$1\"", host, Integer.toString(port)).ok();
    }

    /** Fails unless a TCP connection from here to host:port is actively refused (nothing listens there). */
    void assertRefused(String host, int port) {
        Exec.Result result = exchange(host, port, "");
        if (result.ok() || !result.err().contains("Connection refused")) {
            throw new AssertionError("expected " + host + ":" + port + " to refuse a connection from " + name + ": "
                    + result.describe());
        }
    }

    /** A UDP counter of this namespace from /proc/net/snmp, e.g. InDatagrams. */
    long udpCounter(String counter) {
        String[] lines = check(SHORT, "cat", "/proc/net/snmp").out().lines()
                .filter(l -> l.startsWith("Udp: ")).toArray(String[]::new);
        List<String> names = List.of(lines[0].split("\\s+"));
        return Long.parseLong(lines[1].split("\\s+")[names.indexOf(counter)]);
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting and the hook runs anyway
        }
    }

    private void delete() {
        // Clean up even when a @Timeout interrupted the test: run the delete uninterrupted.
        boolean interrupted = Thread.interrupted();
        try {
            Exec.run(SHORT, List.of("ip", "netns", "delete", name));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (Files.exists(etcDir)) {
            try {
                org.stackbake.files.FileTrees.delete(etcDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + etcDir, e);
            }
        }
    }
}
