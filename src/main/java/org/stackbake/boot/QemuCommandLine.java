package org.stackbake.boot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.stackbake.StackbakeException;
import org.stackbake.guest.api.Accel;
import org.stackbake.spec.Ipv4;

/**
 * The qemu-system-x86_64 command line of a boot test, built from plain values so it can be checked
 * without starting anything. q35 with native PCIe hotplug (ACPI hotplug off) so a NIC behind a
 * root port with slot N is named ensN; no default devices, no display; the console in a file and
 * QMP on a unix socket; every network in qemu user mode with {@code restrict=on} (or a loopback
 * UDP link between two VMs), so nothing the guest sends leaves the machine.
 */
public final class QemuCommandLine {
    public static final String QEMU = "qemu-system-x86_64";

    /** Everything the command line depends on; accel is KVM or TCG, never AUTO. */
    public record Vm(String name, Path disk, Accel accel, int memoryMb, Path console, Path qmpSocket, List<GuestNic> nics,
                     List<HostForward> forwards, ManagementLink link) {}

    public static List<String> build(Vm vm) {
        if (vm.accel() == Accel.AUTO) {
            throw new IllegalArgumentException("choose KVM or TCG before building the command line");
        }
        List<String> args = new ArrayList<>(List.of(QEMU, "-name", "stackbake-boot-" + vm.name(),
                "-nodefaults", "-no-user-config", "-display", "none",
                "-machine", "q35", "-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off"));
        // TCG's default CPU lacks x86-64-v2, which EL9's glibc requires; "max" has it.
        args.addAll(vm.accel() == Accel.KVM ? List.of("-accel", "kvm", "-cpu", "host") : List.of("-accel", "tcg", "-cpu", "max"));
        args.addAll(List.of("-m", String.valueOf(vm.memoryMb()), "-smp", "2",
                "-chardev", "file,id=console,path=" + escape(vm.console()), "-serial", "chardev:console",
                "-qmp", "unix:" + escape(vm.qmpSocket()) + ",server=on,wait=off",
                "-drive", "file=" + escape(vm.disk()) + ",format=qcow2,if=none,id=disk0,cache=unsafe",
                "-device", "virtio-blk-pci,drive=disk0,bootindex=0",
                "-object", "rng-random,id=rng0,filename=/dev/urandom", "-device", "virtio-rng-pci,rng=rng0"));
        List<GuestNic> nics = vm.nics();
        for (int i = 0; i < nics.size(); i++) {
            GuestNic nic = nics.get(i);
            String netdev = "nic" + i;
            String device = "virtio-net-pci,netdev=" + netdev + ",mac=" + nic.mac() + ",romfile=";
            if (nic.slot().isPresent()) {
                args.addAll(List.of("-device", "pcie-root-port,id=port" + i + ",chassis=" + (i + 1) + ",slot=" + nic.slot().get()));
                device += ",bus=port" + i;
            }
            args.addAll(nic.management() ? managementNetdev(netdev, nic, vm) : List.of("-netdev", isolatedNetdev(netdev, nic, i)));
            args.addAll(List.of("-device", device));
        }
        return List.copyOf(args);
    }

    /** qemu option values end at a comma; a comma inside a value is written twice. */
    static String escape(Path path) {
        return path.toString().replace(",", ",,");
    }

    private static List<String> managementNetdev(String id, GuestNic nic, Vm vm) {
        if (!(vm.link() instanceof ManagementLink.PeerLink p)) {
            return List.of("-netdev", userMode(id, nic, vm.forwards()));
        }
        if (!p.gateway()) {
            return List.of("-netdev", peer(id, p));
        }
        return List.of(
                    // A hub joins the NIC, the user-mode gateway and the link to the other VM into one segment.
                    "-netdev", "hubport,id=" + id + ",hubid=0",
                    "-netdev", userMode(id + "-gateway", nic, vm.forwards()),
                    "-netdev", "hubport,id=" + id + "-hub-gateway,hubid=0,netdev=" + id + "-gateway",
                    "-netdev", peer(id + "-peer", p),
                "-netdev", "hubport,id=" + id + "-hub-peer,hubid=0,netdev=" + id + "-peer");
    }

    private static String peer(String id, ManagementLink.PeerLink link) {
        return "socket,id=" + id + ",udp=127.0.0.1:" + link.peerPort() + ",localaddr=127.0.0.1:" + link.localPort();
    }

    /** The definition's subnet, with qemu playing its gateway: the guest keeps its static address. */
    private static String userMode(String id, GuestNic nic, List<HostForward> forwards) {
        Ipv4.Cidr address = nic.address().orElseThrow(() -> StackbakeException.invalidInput(
                "network " + nic.id() + ": the management NIC has no static IPv4 address", "give it ipv4: {address: ...}"));
        String net = Ipv4.format(address.network()) + "/" + address.prefix();
        int host = gatewayIn(nic, address);
        if (host == address.address() || host + 1 == address.address()) {
            throw StackbakeException.invalidInput("network " + nic.id() + ": address " + address.addressText()
                    + " is the one qemu's user-mode network keeps for its gateway or DNS (" + Ipv4.format(host) + ", "
                    + Ipv4.format(host + 1) + ")", "boot-test needs another address for this node");
        }
        String option = "user,id=" + id + ",net=" + net + ",host=" + Ipv4.format(host) + ",dns=" + Ipv4.format(host + 1)
                + ",restrict=on";
        String forwardOptions = forwards.stream().map(HostForward::qemuOption).collect(Collectors.joining(","));
        return forwardOptions.isEmpty() ? option : option + "," + forwardOptions;
    }

    /** The definition's gateway when it lies in the subnet, else the subnet's .2 (qemu's default). */
    private static int gatewayIn(GuestNic nic, Ipv4.Cidr address) {
        return Ipv4.parse(nic.gateway()).filter(address::contains).filter(g -> g != address.network())
                .orElse(address.network() + 2);
    }

    /** A provider or other NIC: link up, no route off the machine (a private restricted network). */
    private static String isolatedNetdev(String id, GuestNic nic, int index) {
        String net = nic.address().map(a -> Ipv4.format(a.network()) + "/" + a.prefix()).orElse("10.254." + index + ".0/24");
        return "user,id=" + id + ",net=" + net + ",restrict=on";
    }

    private QemuCommandLine() {}
}
