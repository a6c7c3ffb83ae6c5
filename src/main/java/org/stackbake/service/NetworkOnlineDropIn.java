package org.stackbake.service;

import java.util.Map;

/**
 * A systemd drop-in ordering a server after network-online.target. Servers that bind the
 * management address need it: EL's units wait only for network.target, which does not wait for
 * addresses, so on a reboot the server can start before its address exists and fail to bind.
 */
final class NetworkOnlineDropIn {
    static final String TEMPLATE = "etc/systemd/system/network-online.conf.ftl";

    static ElementFile forUnit(String unit) {
        return new ElementFile("/etc/systemd/system/" + unit + ".d/10-stackbake-network-online.conf", 0644, "root",
                TEMPLATE, Map.of("unit", unit));
    }

    private NetworkOnlineDropIn() {}
}
