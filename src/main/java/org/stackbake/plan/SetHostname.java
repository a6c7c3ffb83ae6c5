package org.stackbake.plan;

import java.util.List;
import java.util.stream.Collectors;
import org.stackbake.guest.api.GuestEditor;

/**
 * /etc/hostname itself comes with the rendered tree; this op removes the legacy HOSTNAME= line
 * from /etc/sysconfig/network, which EL's network scripts would otherwise apply over it.
 */
public record SetHostname(String hostname) implements GuestOp {
    private static final String LEGACY = "/etc/sysconfig/network";

    @Override
    public String describe() {
        return "set hostname " + hostname;
    }

    @Override
    public OpOutcome apply(GuestEditor guest) {
        if (!guest.exists(LEGACY)) {
            return OpOutcome.DONE;
        }
        String text = guest.readText(LEGACY);
        String kept = text.lines().filter(l -> !l.startsWith("HOSTNAME=")).collect(Collectors.joining("\n", "", "\n"));
        if (!kept.equals(text)) {
            guest.writeText(LEGACY, kept, 0644);
            return new OpOutcome("removed HOSTNAME= from " + LEGACY);
        }
        return OpOutcome.DONE;
    }

    @Override
    public List<String> touchedPaths() {
        return List.of("/etc/hostname");
    }
}
