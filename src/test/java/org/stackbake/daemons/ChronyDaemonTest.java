package org.stackbake.daemons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.render.FileTree;

/**
 * chronyd with the rendered /etc/chrony.conf. Running daemons read a wrapper that includes the
 * rendered file unchanged and then moves only chronyd's state files (drift, logs, pid file,
 * command socket) into a temp dir; {@code -x} keeps them off the host's clock.
 */
@Tag("daemon")
@Timeout(90)
class ChronyDaemonTest {
    private static final String CONF = "/etc/chrony.conf";
    private static final Duration PARSE = Duration.ofSeconds(15);
    private static final Duration START = Duration.ofSeconds(20);

    @Test
    void parsesRenderedConfigs(@TempDir Path dir) {
        String chronyd = Exec.requireProgram("chronyd", "chrony");
        for (FileTree tree : List.of(Rendered.controller(), Rendered.compute())) {
            Path conf = Rendered.write(tree, CONF, dir.resolve(Rendered.text(tree, "/etc/hostname").strip()));
            Exec.Result parsed = Exec.check(PARSE, List.of(chronyd, "-p", "-f", conf.toString()));
            assertTrue(parsed.err().isEmpty(), parsed.describe());
        }
        String controller = Exec.check(PARSE, List.of(chronyd, "-p", "-f", dir.resolve("controller/chrony.conf").toString())).out();
        assertTrue(controller.contains("\nallow 192.168.0.0/16\n") && controller.contains("\nlocal stratum 10\n"), controller);
        String compute = Exec.check(PARSE, List.of(chronyd, "-p", "-f", dir.resolve("node/chrony.conf").toString())).out();
        assertTrue(compute.contains("server controller iburst\n") && !compute.contains("allow"), compute);
    }

    @Test
    void controllerServesAllowedSubnetAndRefusesOthers(@TempDir Path dir) throws IOException {
        String chronyd = Exec.requireProgram("chronyd", "chrony");
        String chronyc = Exec.requireProgram("chronyc", "chrony");
        Path serverConf = wrapper(dir.resolve("server"), "include " + Rendered.write(Rendered.controller(), CONF, dir.resolve("server")));
        Path socket = dir.resolve("server/run/chronyd.sock");
        try (TestNetwork net = TestNetwork.start("ntp");
             DaemonProcess server = DaemonProcess.start("chronyd (controller)",
                     net.controller().command(List.of(chronyd, "-d", "-x", "-u", "root", "-f", serverConf.toString())),
                     null, dir.resolve("server.log"))) {
            NetNamespace controller = net.controller();
            List<String> tracking = controller.command(List.of(chronyc, "-h", socket.toString(), "-n", "tracking"));
            // No upstream is reachable: "local stratum 10" makes it serve its own clock.
            server.awaitReady("stratum 10 (local reference)", START,
                    () -> Exec.run(PARSE, tracking).out().matches("(?s).*Stratum\\s+: 10\n.*Leap status\\s+: Normal.*"));
            assertTrue(controller.listeners().contains("udp 0.0.0.0:123"), controller.listeners().toString());

            // The compute node's own rendered config ("server controller iburst") from 192.168.8.20.
            Path nodeConf = wrapper(dir.resolve("node"), "include " + Rendered.write(Rendered.compute(), CONF, dir.resolve("node")));
            Exec.Result served = Exec.run(START, net.node().command(List.of(chronyd, "-Q", "-t", "15", "-u", "root", "-f", nodeConf.toString())));
            assertEquals(0, served.exit(), served.describe() + server.logText());
            assertTrue(served.err().contains("System clock wrong by"), served.describe());
            String clients = Exec.check(PARSE, controller.command(List.of(chronyc, "-h", socket.toString(), "-n", "-c", "clients"))).out();
            assertTrue(clients.contains("192.168.8.20,"), clients);

            // A client at 10.99.0.2, outside "allow 192.168.0.0/16": its requests arrive, no answer comes.
            Path outsideConf = wrapper(dir.resolve("outside"), "server " + TestNetwork.CONTROLLER_OUTSIDE + " iburst");
            long received = controller.udpCounter("InDatagrams");
            Exec.Result refused = Exec.run(START, net.node().command(List.of(chronyd, "-Q", "-t", "5", "-u", "root", "-f", outsideConf.toString())));
            assertNotEquals(0, refused.exit(), refused.describe());
            assertFalse(refused.err().contains("System clock wrong by"), refused.describe());
            assertTrue(refused.err().contains("Timeout reached"), refused.describe());
            assertTrue(controller.udpCounter("InDatagrams") > received, "the refused client's requests never reached the server");
            String after = Exec.check(PARSE, controller.command(List.of(chronyc, "-h", socket.toString(), "-n", "-c", "clients"))).out();
            assertFalse(after.contains(TestNetwork.NODE_OUTSIDE), after);
        }
    }

    @Test
    void refusesUnparsableAllow(@TempDir Path dir) {
        String chronyd = Exec.requireProgram("chronyd", "chrony");
        Path templates = Rendered.editedTemplate(dir.resolve("templates"), "etc/chrony.conf.ftl",
                "allow ${subnet}", "allow ${subnet}/lots");
        Path conf = Rendered.write(Rendered.render(Rendered.DEFINITIONS.resolve("controller.yaml"), templates), CONF, dir);
        Exec.Result parsed = Exec.run(PARSE, List.of(chronyd, "-p", "-f", conf.toString()));
        assertNotEquals(0, parsed.exit(), parsed.describe());
        assertTrue(parsed.err().contains("Could not parse allow directive"), parsed.describe());
    }

    /** A config for a test chronyd: {@code first} (the rendered file's include, or a directive), then state in {@code dir}. */
    private static Path wrapper(Path dir, String first) throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        // chronyd refuses a command socket in a directory others may enter.
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
        Path conf = dir.resolve("test-chronyd.conf");
        Files.writeString(conf, String.join("\n",
                first,
                "driftfile " + dir.resolve("drift"),
                "dumpdir " + dir,
                "ntsdumpdir " + dir,
                "logdir " + dir,
                "pidfile " + run.resolve("chronyd.pid"),
                "bindcmdaddress " + run.resolve("chronyd.sock"),
                ""));
        return conf;
    }
}
