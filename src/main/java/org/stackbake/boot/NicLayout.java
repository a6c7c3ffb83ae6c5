package org.stackbake.boot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stackbake.StackbakeException;
import org.stackbake.spec.Definition;
import org.stackbake.spec.Ipv4;

/**
 * Turns the definition's NICs into VM NICs the guest finds the way the definition matches them.
 * {@code match: {mac: ...}}: a NIC with that MAC. {@code match: {interface: ensN}}: a NIC behind a
 * PCIe root port with physical slot N on the q35 machine with native PCIe hotplug (ACPI hotplug
 * off): the kernel's pciehp registers slot N, and udev's slot naming (systemd 252, measured with
 * N = 160 and 224) names the NIC ensN. With qemu's default ACPI hotplug the slot is registered as
 * "0" and the NIC becomes enp1s0. Other names (eth0, enp1s0, ...) cannot be produced: refused.
 */
public final class NicLayout {
    private static final Pattern SLOT_NAME = Pattern.compile("ens([1-9][0-9]{0,3})");
    /** The PCIe slot capability holds a 13-bit physical slot number. */
    private static final int MAX_SLOT = 8191;

    public static List<GuestNic> of(Definition def) {
        Definition.Nic management = managementNic(def);
        List<GuestNic> nics = new ArrayList<>();
        for (int i = 0; i < def.network().size(); i++) {
            Definition.Nic nic = def.network().get(i);
            Definition.Match match = nic.match();
            Optional<Integer> slot = Optional.empty();
            if (match != null && match.interfaceName() != null) {
                slot = Optional.of(slotFor(def, i, nic));
            }
            String mac = match != null && match.mac() != null ? match.mac().toLowerCase(Locale.ROOT)
                    : generatedMac(def.name(), i);
            Optional<Ipv4.Cidr> address = nic.ipv4() == null || nic.ipv4().isDisabled() ? Optional.empty()
                    : Ipv4.parseCidr(nic.ipv4().address());
            nics.add(new GuestNic(nic.id(), mac, slot, nic == management, address,
                    nic.ipv4() == null ? null : nic.ipv4().gateway()));
        }
        return List.copyOf(nics);
    }

    /** The NIC marked management, else the first with a static address (as the renderer decides). */
    static Definition.Nic managementNic(Definition def) {
        return def.network().stream().filter(n -> Boolean.TRUE.equals(n.management())).findFirst()
                .or(() -> def.network().stream().filter(n -> n.ipv4() != null && !n.ipv4().isDisabled()).findFirst())
                .orElse(null);
    }

    private static int slotFor(Definition def, int index, Definition.Nic nic) {
        String name = nic.match().interfaceName();
        Matcher m = SLOT_NAME.matcher(name);
        if (!m.matches() || Integer.parseInt(m.group(1)) > MAX_SLOT) {
            throw StackbakeException.invalidInput("network[" + index + "] (" + nic.id() + "): boot-test cannot make the guest"
                    + " name a NIC '" + name + "' (it can give ensN, N = 1.." + MAX_SLOT + ", through the PCIe slot number)",
                    "match this NIC by MAC instead, e.g. match: {mac: 52:54:00:12:34:56}");
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * A locally administered MAC in qemu's 52:54:00 range, stable per node and NIC, different
     * between nodes: two VMs on one management segment must not share one.
     */
    static String generatedMac(String node, int index) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((node + "/" + index).getBytes(StandardCharsets.UTF_8));
            return String.format("52:54:00:%02x:%02x:%02x", h[0] & 0xff, h[1] & 0xff, h[2] & 0xff);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private NicLayout() {}
}
