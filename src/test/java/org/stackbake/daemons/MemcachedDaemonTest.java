package org.stackbake.daemons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.render.FileTree;

/**
 * memcached started the way EL's memcached.service starts it, from the rendered
 * /etc/sysconfig/memcached: {@code memcached -p $PORT -u $USER -m $CACHESIZE -c $MAXCONN $OPTIONS}.
 */
@Tag("daemon")
@Timeout(60)
class MemcachedDaemonTest {
    private static final String SYSCONFIG = "/etc/sysconfig/memcached";
    private static final Duration START = Duration.ofSeconds(15);

    @Test
    void listensOnLoopbackAndManagementAddressOnly(@TempDir Path dir) {
        Map<String, String> sysconfig = EnvFile.parse(Rendered.text(Rendered.controller(), SYSCONFIG));
        assertEquals("-l 127.0.0.1,::1,controller", sysconfig.get("OPTIONS"));
        try (TestNetwork net = TestNetwork.start("mc")) {
            NetNamespace controller = net.controller();
            // "controller" in the listen list resolves through the rendered /etc/hosts.
            assertEquals("192.168.8.10", controller.check(START, "getent", "ahostsv4", "controller").out().split("\\s+")[0]);
            Set<String> expected = Set.of("tcp 127.0.0.1:11211", "tcp [::1]:11211", "tcp 192.168.8.10:11211");
            try (DaemonProcess memcached = start(controller, sysconfig, dir)) {
                memcached.awaitReady("its three listeners", START, () -> controller.listeners().containsAll(expected));
                assertEquals(expected, controller.listeners(), "memcached must listen on these and nothing else (no UDP)");

                for (String address : List.of("127.0.0.1", "::1", "192.168.8.10")) {
                    assertTrue(version(controller, address).startsWith("VERSION "), "no answer on " + address);
                }
                assertTrue(version(net.node(), "192.168.8.10").startsWith("VERSION "), "the node gets no answer");
                controller.assertRefused(TestNetwork.CONTROLLER_OUTSIDE, 11211);
                net.node().assertRefused(TestNetwork.CONTROLLER_OUTSIDE, 11211);

                String settings = controller.check(START, "timeout", "5", "bash", "-c",
                        "exec 3<>/dev/tcp/127.0.0.1/11211; printf 'stats settings\\r\\nquit\\r\\n' >&3; cat <&3").out();
                assertTrue(settings.contains("STAT maxconns 1024\r\n"), settings);
                assertTrue(settings.contains("STAT maxbytes " + 64L * 1024 * 1024 + "\r\n"), settings);
                assertTrue(settings.contains("STAT udpport 0\r\n"), settings);
            }
        }
    }

    @Test
    void refusesListenNameTheHostsFileDoesNotResolve(@TempDir Path dir) {
        // Validation rejects such a name in a definition; a template override still can write it.
        Path templates = Rendered.editedTemplate(dir.resolve("templates"), "etc/sysconfig/memcached.ftl",
                "OPTIONS=${envQuote(\"-l \" + memcached.listen)}", "OPTIONS=\"-l 127.0.0.1,memcache-host\"");
        FileTree tree = Rendered.render(Rendered.DEFINITIONS.resolve("controller.yaml"), templates);
        Map<String, String> sysconfig = EnvFile.parse(Rendered.text(tree, SYSCONFIG));
        assertEquals("-l 127.0.0.1,memcache-host", sysconfig.get("OPTIONS"));
        try (TestNetwork net = TestNetwork.start("mcx");
             DaemonProcess memcached = start(net.controller(), sysconfig, dir)) {
            int exit = memcached.awaitExit(START);
            assertNotEquals(0, exit, memcached.logText());
            assertTrue(memcached.logText().contains("failed to listen on one of interface(s) 127.0.0.1,memcache-host"),
                    memcached.logText());
        }
    }

    private static DaemonProcess start(NetNamespace ns, Map<String, String> sysconfig, Path dir) {
        List<String> command = new ArrayList<>(List.of(Exec.requireProgram("memcached", "memcached"),
                "-p", sysconfig.get("PORT"), "-u", account(sysconfig.get("USER")),
                "-m", sysconfig.get("CACHESIZE"), "-c", sysconfig.get("MAXCONN")));
        command.addAll(EnvFile.words(sysconfig.get("OPTIONS")));
        return DaemonProcess.start("memcached", ns.command(command), Map.of(), dir.resolve("memcached.log"));
    }

    /**
     * USER names EL's account "memcached"; Debian's package calls the same account "memcache".
     * The account only decides whom memcached drops root to, so the test uses Debian's.
     */
    private static String account(String user) {
        assertEquals("memcached", user);
        if (Exec.run(START, List.of("getent", "passwd", user)).ok()) {
            return user;
        }
        if (!Exec.run(START, List.of("getent", "passwd", "memcache")).ok()) {
            throw new AssertionError("neither account memcached nor memcache exists: install the Debian package memcached");
        }
        return "memcache";
    }

    private static String version(NetNamespace from, String address) {
        Exec.Result result = from.exchange(address, 11211, "version\r\nquit\r\n");
        assertTrue(result.ok(), result.describe());
        return result.out();
    }
}
