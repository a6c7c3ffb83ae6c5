package org.stackbake.boot;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A server process a probe test starts on 127.0.0.1; closing stops it (TERM, then KILL). */
final class LoopbackDaemon implements AutoCloseable {
    private final Process process;
    private final Path log;

    private LoopbackDaemon(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static LoopbackDaemon start(Path log, List<String> command) throws IOException {
        if (!Files.isExecutable(Path.of(command.get(0)))) {
            throw new AssertionError(command.get(0) + " is not installed (.ci/run installs it)");
        }
        return new LoopbackDaemon(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
    }

    static LoopbackDaemon memcached(Path dir, int port) throws IOException {
        return start(dir.resolve("memcached.log"), List.of("/usr/bin/memcached", "-l", "127.0.0.1", "-p", String.valueOf(port),
                "-U", "0", "-u", "root", "-m", "16"));
    }

    static LoopbackDaemon etcd(Path dir, int clientPort, int peerPort) throws IOException {
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        return start(dir.resolve("etcd.log"), List.of("/usr/bin/etcd", "--name", "probe", "--data-dir", dir.resolve("etcd").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client, "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer, "--initial-cluster", "probe=" + peer));
    }

    /** chronyd serving time from its local clock on a loopback UDP port; -x keeps it off the host's clock. */
    static LoopbackDaemon chronyd(Path dir, int port) throws IOException {
        Path conf = dir.resolve("chrony.conf");
        Files.writeString(conf, "port " + port + "\nbindaddress 127.0.0.1\ncmdport 0\nallow 127.0.0.1\nlocal stratum 10\n"
                + "pidfile " + dir.resolve("chronyd.pid") + "\n");
        return start(dir.resolve("chronyd.log"), List.of("/usr/sbin/chronyd", "-d", "-x", "-u", "root", "-f", conf.toString()));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
