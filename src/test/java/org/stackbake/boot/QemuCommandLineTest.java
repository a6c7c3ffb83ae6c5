package org.stackbake.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.StackbakeException;
import org.stackbake.guest.api.Accel;
import org.stackbake.service.Elements;
import org.stackbake.service.Probe;
import org.stackbake.spec.Definition;

@Tag("unit")
class QemuCommandLineTest {
    @TempDir
    Path dir;

    private QemuCommandLine.Vm vm(Definition def, Accel accel, ManagementLink link, List<HostForward> forwards) {
        return new QemuCommandLine.Vm(def.name(), dir.resolve("overlay.qcow2"), accel, 2048, dir.resolve("console.log"),
                dir.resolve("qmp.sock"), NicLayout.of(def), forwards, link);
    }

    private static List<String> values(List<String> args, String option) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals(option)) {
                values.add(args.get(i + 1));
            }
        }
        return values;
    }

    @Test
    void macMatchedNicsGetTheirMacsAndTheManagementNetworkItsSubnetAndLoopbackForwards() throws Exception {
        Definition def = TestDefinitions.load(dir, TestDefinitions.BY_MAC);
        List<HostForward> forwards = List.of(new HostForward(HostForward.Transport.TCP, 40001, "192.168.8.10", 3306),
                new HostForward(HostForward.Transport.UDP, 40002, "192.168.8.10", 123));
        List<String> args = QemuCommandLine.build(vm(def, Accel.TCG, ManagementLink.userMode(), forwards));

        assertEquals(List.of(
                "user,id=nic0,net=192.168.8.0/24,host=192.168.8.2,dns=192.168.8.3,restrict=on,"
                        + "hostfwd=tcp:127.0.0.1:40001-192.168.8.10:3306,hostfwd=udp:127.0.0.1:40002-192.168.8.10:123",
                "user,id=nic1,net=10.254.1.0/24,restrict=on"), values(args, "-netdev"));
        List<String> devices = values(args, "-device");
        assertTrue(devices.contains("virtio-net-pci,netdev=nic0,mac=52:54:00:aa:00:10,romfile="), devices.toString());
        assertTrue(devices.contains("virtio-net-pci,netdev=nic1,mac=52:54:00:aa:00:11,romfile="), devices.toString());
        assertFalse(devices.stream().anyMatch(d -> d.startsWith("pcie-root-port")), "no slots needed for MAC matching");
        assertEquals(List.of("2048"), values(args, "-m"));
        assertEquals(List.of("2"), values(args, "-smp"));
        assertEquals(List.of("none"), values(args, "-display"));
        assertTrue(args.contains("-nodefaults"));
        assertEquals(List.of("file,id=console,path=" + dir.resolve("console.log")), values(args, "-chardev"));
        assertEquals(List.of("unix:" + dir.resolve("qmp.sock") + ",server=on,wait=off"), values(args, "-qmp"));
        assertTrue(values(args, "-drive").get(0).startsWith("file=" + dir.resolve("overlay.qcow2") + ",format=qcow2"));
    }

    @Test
    void commasInPathsAreDoubledAsQemuOptionsRequire() {
        assertEquals("/tmp/a,,b/console.log", QemuCommandLine.escape(Path.of("/tmp/a,b/console.log")));
    }

    @Test
    void nothingLeavesTheMachine() throws Exception {
        for (String network : List.of(TestDefinitions.BY_MAC, TestDefinitions.BY_NAME)) {
            Definition def = TestDefinitions.load(dir, network);
            List<HostForward> forwards = List.of(new HostForward(HostForward.Transport.TCP, 40001, "192.168.8.10", 5672));
            for (ManagementLink link : List.of(ManagementLink.userMode(), ManagementLink.pair()[0], ManagementLink.pair()[1])) {
                List<String> args = QemuCommandLine.build(vm(def, Accel.TCG, link, forwards));
                for (String netdev : values(args, "-netdev")) {
                    if (netdev.startsWith("user,")) {
                        assertTrue(netdev.contains(",restrict=on"), netdev);
                        assertFalse(netdev.matches(".*hostfwd=(tcp|udp)::.*"), "forward on every address: " + netdev);
                    } else if (netdev.startsWith("socket,")) {
                        assertTrue(netdev.matches("socket,id=[a-z0-9-]+,udp=127\\.0\\.0\\.1:\\d+,localaddr=127\\.0\\.0\\.1:\\d+"), netdev);
                    } else {
                        assertTrue(netdev.startsWith("hubport,"), netdev);
                    }
                }
            }
        }
    }

    @Test
    void interfaceNamesBecomePcieSlotsOnQ35WithNativeHotplug() throws Exception {
        Definition def = TestDefinitions.load(dir, TestDefinitions.BY_NAME);
        List<String> args = QemuCommandLine.build(vm(def, Accel.TCG, ManagementLink.userMode(), List.of()));
        assertEquals(List.of("q35"), values(args, "-machine"));
        assertEquals(List.of("ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off"), values(args, "-global"));
        List<String> devices = values(args, "-device");
        int port0 = devices.indexOf("pcie-root-port,id=port0,chassis=1,slot=160");
        int port1 = devices.indexOf("pcie-root-port,id=port1,chassis=2,slot=224");
        assertTrue(port0 >= 0 && port1 >= 0, devices.toString());
        String nic0 = devices.stream().filter(d -> d.startsWith("virtio-net-pci,netdev=nic0,")).findFirst().orElseThrow();
        assertTrue(nic0.endsWith(",bus=port0"), nic0);
        assertTrue(devices.stream().anyMatch(d -> d.startsWith("virtio-net-pci,netdev=nic1,") && d.endsWith(",bus=port1")));
    }

    @Test
    void choosesTheAcceleratorAndACpuEl9Runs() throws Exception {
        Definition def = TestDefinitions.load(dir, TestDefinitions.BY_MAC);
        List<String> tcg = QemuCommandLine.build(vm(def, Accel.TCG, ManagementLink.userMode(), List.of()));
        assertEquals(List.of("tcg"), values(tcg, "-accel"));
        assertEquals(List.of("max"), values(tcg, "-cpu"), "TCG's default CPU lacks x86-64-v2");
        List<String> kvm = QemuCommandLine.build(vm(def, Accel.KVM, ManagementLink.userMode(), List.of()));
        assertEquals(List.of("kvm"), values(kvm, "-accel"));
        assertEquals(List.of("host"), values(kvm, "-cpu"));
        assertThrows(IllegalArgumentException.class,
                () -> QemuCommandLine.build(vm(def, Accel.AUTO, ManagementLink.userMode(), List.of())));
    }

    @Test
    void peerLinkJoinsTwoVmsOnOneSegmentWithTheGatewayOnOneSide() throws Exception {
        Definition def = TestDefinitions.load(dir, TestDefinitions.BY_MAC);
        ManagementLink.PeerLink[] pair = ManagementLink.pair();
        assertNotEquals(pair[0].localPort(), pair[1].localPort());
        assertEquals(pair[0].localPort(), pair[1].peerPort());
        assertEquals(pair[1].localPort(), pair[0].peerPort());
        List<HostForward> forwards = List.of(new HostForward(HostForward.Transport.TCP, 40001, "192.168.8.10", 2379));

        List<String> gateway = values(QemuCommandLine.build(vm(def, Accel.TCG, pair[0], forwards)), "-netdev");
        assertEquals(List.of("hubport,id=nic0,hubid=0",
                "user,id=nic0-gateway,net=192.168.8.0/24,host=192.168.8.2,dns=192.168.8.3,restrict=on,"
                        + "hostfwd=tcp:127.0.0.1:40001-192.168.8.10:2379",
                "hubport,id=nic0-hub-gateway,hubid=0,netdev=nic0-gateway",
                "socket,id=nic0-peer,udp=127.0.0.1:" + pair[0].peerPort() + ",localaddr=127.0.0.1:" + pair[0].localPort(),
                "hubport,id=nic0-hub-peer,hubid=0,netdev=nic0-peer",
                "user,id=nic1,net=10.254.1.0/24,restrict=on"), gateway);

        List<String> member = values(QemuCommandLine.build(vm(def, Accel.TCG, pair[1], List.of())), "-netdev");
        assertEquals("socket,id=nic0,udp=127.0.0.1:" + pair[1].peerPort() + ",localaddr=127.0.0.1:" + pair[1].localPort(),
                member.get(0));
    }

    @Test
    void generatedMacsDifferBetweenNodesAndNics() throws Exception {
        Definition def = TestDefinitions.load(dir, TestDefinitions.BY_NAME);
        List<GuestNic> nics = NicLayout.of(def);
        assertEquals(Optional.of("ens160"), nics.get(0).interfaceName());
        assertTrue(nics.get(0).management());
        assertFalse(nics.get(1).management());
        assertTrue(nics.get(0).mac().matches("52:54:00(:[0-9a-f]{2}){3}"), nics.get(0).mac());
        assertNotEquals(nics.get(0).mac(), nics.get(1).mac());
        assertNotEquals(NicLayout.generatedMac("controller", 0), NicLayout.generatedMac("compute", 0));
        assertEquals(NicLayout.generatedMac("controller", 0), nics.get(0).mac(), "stable across runs");
    }

    @Test
    void refusesInterfaceNamesQemuCannotProduce() throws Exception {
        for (String name : List.of("eth0", "enp1s0", "ens0", "ens9000", "eno1")) {
            Definition def = TestDefinitions.load(dir, TestDefinitions.BY_NAME.replace("{interface: ens160}", "{interface: " + name + "}"));
            StackbakeException e = assertThrows(StackbakeException.class, () -> NicLayout.of(def));
            assertEquals(StackbakeException.Kind.INVALID_INPUT, e.kind());
            assertTrue(e.getMessage().contains("cannot make the guest name a NIC '" + name + "'"), e.getMessage());
            assertTrue(e.hint().contains("match: {mac:"), e.hint());
        }
    }

    /** qemu 7.2 itself parses the command line: started paused (-S, no guest code runs), then told to quit over QMP. */
    @Test
    @Timeout(60)
    void qemuAcceptsTheCommandLineAndQuitsOverQmp() throws Exception {
        Definition def = TestDefinitions.load(dir, TestDefinitions.BY_NAME);
        Path disk = dir.resolve("overlay.qcow2");
        Process img = new ProcessBuilder("qemu-img", "create", "-f", "qcow2", disk.toString(), "64M").inheritIO().start();
        assertEquals(0, img.waitFor());
        List<HostForward> forwards = new ArrayList<>(BootTest.forwards(Elements.probes(def),
                NicLayout.of(def).get(0)).values());
        ManagementLink.PeerLink gatewaySide = ManagementLink.pair()[0];
        List<String> command = new ArrayList<>(QemuCommandLine.build(vm(def, Accel.TCG, gatewaySide, forwards)));
        command.add("-S");
        Path log = dir.resolve("qemu.log");
        Process qemu = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path qmp = dir.resolve("qmp.sock");
            for (int i = 0; i < 100 && !Files.exists(qmp) && qemu.isAlive(); i++) {
                Thread.sleep(100);
            }
            assertTrue(qemu.isAlive(), "qemu refused the command line: " + Files.readString(log));
            Qmp.execute(qmp, "quit");
            assertTrue(qemu.waitFor(20, TimeUnit.SECONDS), "qemu did not quit");
            assertEquals(0, qemu.exitValue(), Files.readString(log));
        } finally {
            qemu.destroyForcibly();
        }
    }

    @Test
    void probesOfTheControllerFromItsServices() throws Exception {
        Definition def = TestDefinitions.load(dir, TestDefinitions.BY_NAME);
        List<Probe> probes = Elements.probes(def);
        // The registry's order: chrony first.
        assertEquals(List.of("chrony:123", "mariadb:3306", "rabbitmq:5672", "memcached:11211", "etcd:2379"),
                probes.stream().map(p -> p.service() + ":" + p.port()).toList());
        assertEquals(Optional.of(new Probe.Login("openstack", "rabbitmq_openstack", "/")), probes.get(2).login());
        Map<Probe, HostForward> forwards = BootTest.forwards(probes, NicLayout.of(def).get(0));
        // No UDP forward: a restricted user-mode network drops the guest's UDP answers (see BootTest.NO_UDP).
        assertFalse(forwards.containsKey(probes.get(0)));
        assertTrue(forwards.values().stream().allMatch(f -> f.transport() == HostForward.Transport.TCP));
        assertEquals(4, forwards.values().stream().map(HostForward::hostPort).distinct().count());
        assertTrue(forwards.values().stream().allMatch(f -> f.guestAddress().equals("192.168.8.10")));

        // A test's extra ports: forwarded once each, none twice, none a probe port already has.
        List<HostForward> extra = BootTest.extraForwards(List.of(22, 3306, 22, 4369), NicLayout.of(def).get(0), forwards.values());
        assertEquals(List.of(22, 4369), extra.stream().map(HostForward::guestPort).toList());
        assertTrue(extra.stream().allMatch(f -> f.transport() == HostForward.Transport.TCP));
    }
}
