package org.stackbake.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.stackbake.plan.GuestAccounts;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.guest.api.FileStat;

/** Compares the files in a (read-only) guest with what the definition says should be there. */
public final class ImageVerifier {

    /** One line per difference; empty when the image matches. */
    public List<String> verify(GuestSession guest, List<ExpectedFile> expected) {
        GuestAccounts accounts = GuestAccounts.read(guest);
        List<String> problems = new ArrayList<>();
        for (ExpectedFile file : expected) {
            if (!guest.exists(file.path())) {
                problems.add(file.path() + ": missing");
                continue;
            }
            FileStat stat = guest.stat(file.path());
            if (!stat.regularFile()) {
                problems.add(file.path() + ": not a regular file");
                continue;
            }
            if (stat.mode() != file.mode()) {
                problems.add(String.format("%s: mode %04o, expected %04o", file.path(), stat.mode(), file.mode()));
            }
            if (!owns(accounts, file, stat)) {
                problems.add(file.path() + ": owner " + stat.uid() + ":" + stat.gid() + ", expected " + file.owner() + ":"
                        + file.group());
            }
            if (file.sha256() != null && !file.sha256().equals(guest.sha256(file.path()))) {
                problems.add(file.path() + ": content differs");
            }
        }
        return problems;
    }

    private static boolean owns(GuestAccounts accounts, ExpectedFile file, FileStat stat) {
        try {
            return stat.uid() == accounts.uid(file.owner()) && stat.gid() == accounts.gid(file.group());
        } catch (IllegalStateException unknownAccount) {
            return false;
        }
    }
}
