package org.stackbake.plan;

import java.util.List;
import java.util.stream.Collectors;
import org.stackbake.guest.api.GuestEditor;

/** Puts a SHA-512 crypt hash into root's /etc/shadow entry. The hash never appears in describe(). */
public record SetRootPasswordHash(String hash) implements GuestOp {
    private static final String SHADOW = "/etc/shadow";

    public SetRootPasswordHash {
        if (!hash.startsWith("$6$")) {
            throw new IllegalArgumentException("expected a SHA-512 crypt hash");
        }
    }

    @Override
    public String describe() {
        return "set root password (SHA-512 hash)";
    }

    @Override
    public OpOutcome apply(GuestEditor guest) {
        String shadow = guest.readText(SHADOW);
        if (shadow.lines().noneMatch(l -> l.startsWith("root:"))) {
            throw new IllegalStateException("/etc/shadow has no root entry");
        }
        String updated = shadow.lines().map(this::withHash).collect(Collectors.joining("\n", "", "\n"));
        guest.writeText(SHADOW, updated, 0);
        return OpOutcome.DONE;
    }

    private String withHash(String line) {
        if (!line.startsWith("root:")) {
            return line;
        }
        String[] fields = line.split(":", -1);
        fields[1] = hash;
        return String.join(":", fields);
    }

    @Override
    public List<String> touchedPaths() {
        return List.of(SHADOW);
    }

    @Override
    public String toString() {
        return "SetRootPasswordHash[***]";
    }
}
