package org.stackbake.boot;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The booted node while it runs, after first boot and the probes, before power-off: what a test
 * hook sees ({@link BootTest#run(BootSpec, BootTest.WhileRunning)}).
 *
 * @param tcpForwards guest TCP port on the management address → port on 127.0.0.1 (the probes'
 *                    ports and the spec's extra ports); empty without a host path
 */
public record RunningNode(String node, String managementAddress, Map<Integer, Integer> tcpForwards, Path console,
                          Supplier<List<String>> consoleTail) {

    /** The 127.0.0.1 port that reaches guestPort on the management address, if it is forwarded. */
    public Optional<Integer> hostPort(int guestPort) {
        return Optional.ofNullable(tcpForwards.get(guestPort));
    }
}
