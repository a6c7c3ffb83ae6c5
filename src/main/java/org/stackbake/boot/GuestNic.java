package org.stackbake.boot;

import java.util.Optional;
import org.stackbake.spec.Ipv4;

/**
 * One NIC of the VM, from one NIC of the definition: the MAC it gets, and for a NIC matched by
 * name the PCIe slot number that makes the guest's udev name it {@code ens<slot>}.
 *
 * @param address the NIC's static IPv4 address and prefix, empty for {@code ipv4: disabled}
 * @param gateway the definition's gateway for the NIC, or null
 */
public record GuestNic(String id, String mac, Optional<Integer> slot, boolean management, Optional<Ipv4.Cidr> address,
                       String gateway) {

    /** The name the definition matches on, when it matches by name. */
    public Optional<String> interfaceName() {
        return slot.map(s -> "ens" + s);
    }
}
