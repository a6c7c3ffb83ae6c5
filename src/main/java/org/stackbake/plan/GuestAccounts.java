package org.stackbake.plan;

import java.util.HashMap;
import java.util.Map;
import org.stackbake.guest.api.GuestEditor;

/** User and group ids from the guest's own /etc/passwd and /etc/group: names mean nothing outside it. */
public record GuestAccounts(Map<String, Integer> users, Map<String, Integer> groups) {

    public static GuestAccounts read(GuestEditor guest) {
        return new GuestAccounts(ids(guest, "/etc/passwd"), ids(guest, "/etc/group"));
    }

    public int uid(String name) {
        return lookup(users, name, "user");
    }

    public int gid(String name) {
        return lookup(groups, name, "group");
    }

    private static int lookup(Map<String, Integer> ids, String name, String what) {
        if ("root".equals(name)) {
            return 0;
        }
        Integer id = ids.get(name);
        if (id == null) {
            throw new IllegalStateException("the guest has no " + what + " '" + name + "'");
        }
        return id;
    }

    private static Map<String, Integer> ids(GuestEditor guest, String file) {
        Map<String, Integer> ids = new HashMap<>();
        if (!guest.exists(file)) {
            return ids;
        }
        for (String line : guest.readText(file).split("\n")) {
            String[] fields = line.split(":");
            if (fields.length > 2 && fields[2].matches("\\d+")) {
                ids.put(fields[0], Integer.parseInt(fields[2]));
            }
        }
        return ids;
    }
}
