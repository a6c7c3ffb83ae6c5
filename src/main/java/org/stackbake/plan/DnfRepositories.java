package org.stackbake.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stackbake.guest.api.GuestEditor;
import org.stackbake.guest.api.GuestRun;
import org.stackbake.image.RepositoryDigest;

/**
 * The repositories an online dnf session used, read in the guest before its cache is removed: each
 * enabled repository's URL from {@code dnf -v repolist --enabled} (for a mirror list or metalink,
 * the mirror dnf chose) and the SHA-256 of the {@code repomd.xml} dnf cached for it.
 */
final class DnfRepositories {
    private static final Pattern FIELD = Pattern.compile("^(Repo-[a-z]+)\\s*:\\s*(.*)$");
    /** dnf 4 caches a repository in /var/cache/dnf/ID-HASH, HASH 16 hex digits. */
    private static final Pattern CACHE_DIR = Pattern.compile(".*/([^/]+)-[0-9a-f]{16}/repodata/repomd\\.xml");

    private DnfRepositories() {}

    static List<RepositoryDigest> observe(GuestEditor guest) {
        String repolist = GuestDnf.run(guest, List.of("-v", "repolist", "--enabled"), "listing repositories");
        GuestRun cached = guest.tryRun(List.of("find", GuestDnf.DNF_CACHE, "-mindepth", "3", "-maxdepth", "3",
                "-path", "*/repodata/repomd.xml"));
        List<String> files = cached.succeeded() ? cached.output().lines().filter(l -> !l.isBlank()).sorted().toList() : List.of();
        if (files.isEmpty()) {
            return List.of();
        }
        List<String> sha256sum = new ArrayList<>(List.of("sha256sum"));
        sha256sum.addAll(files);
        return digests(urls(repolist), guest.run(sha256sum));
    }

    /** Repo-id → the first Repo-baseurl (dnf shows "URL (N more)" for a mirror list), in dnf's order. */
    static Map<String, String> urls(String repolistVerbose) {
        Map<String, String> urls = new LinkedHashMap<>();
        String id = null;
        for (String line : repolistVerbose.lines().toList()) {
            Matcher m = FIELD.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            String value = m.group(2).strip();
            if (m.group(1).equals("Repo-id")) {
                id = value.split("\\s+")[0];
            } else if (m.group(1).equals("Repo-baseurl") && id != null && !value.isEmpty()) {
                urls.putIfAbsent(id, value.split("[\\s,]+")[0]);
            }
        }
        return urls;
    }

    /** Joins sha256sum's "DIGEST  PATH" lines to the repositories by their cache directory's name. */
    static List<RepositoryDigest> digests(Map<String, String> urls, String sha256sumOutput) {
        List<RepositoryDigest> digests = new ArrayList<>();
        for (String line : sha256sumOutput.lines().filter(l -> !l.isBlank()).toList()) {
            String[] fields = line.strip().split("\\s+", 2);
            Matcher m = fields.length == 2 ? CACHE_DIR.matcher(fields[1]) : null;
            if (m != null && m.matches() && urls.containsKey(m.group(1))) {
                digests.add(new RepositoryDigest(m.group(1), urls.get(m.group(1)), fields[0]));
            }
        }
        digests.sort(Comparator.comparing(RepositoryDigest::id));
        return digests;
    }
}
