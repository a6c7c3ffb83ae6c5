package org.stackbake.plan;

import java.util.List;
import java.util.stream.Collectors;
import org.stackbake.guest.api.GuestEditor;

/**
 * Removes the legacy HOSTNAME= line from /etc/sysconfig/network, which EL's network scripts would
 * otherwise apply over /etc/hostname. The hostname itself is /etc/hostname in the rendered tree.
 */
public record RemoveLegacyHostname() implements GuestOp {
    static final String LEGACY = "/etc/sysconfig/network";

    @Override
    public String describe() {
        return "remove HOSTNAME= from " + LEGACY;
    }

    @Override
    public OpOutcome apply(GuestEditor guest) {
        if (!guest.exists(LEGACY)) {
            return new OpOutcome("skipped: no " + LEGACY);
        }
        String text = guest.readText(LEGACY);
        String kept = text.lines().filter(l -> !l.startsWith("HOSTNAME=")).collect(Collectors.joining("\n", "", "\n"));
        if (!kept.equals(text)) {
            guest.writeText(LEGACY, kept, 0644);
            return new OpOutcome("removed");
        }
        return new OpOutcome("none there");
    }

    /** The file it may rewrite, for the relabel. */
    @Override
    public List<String> touchedPaths() {
        return List.of(LEGACY);
    }
}
