package org.stackbake.release;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A vendor's RPM repository: its baseurls per EL major (dnf expands $basearch to one of
 * {@code arches}), its signing keys and extra dnf options. Written into the image as
 * /etc/yum.repos.d/stackbake-NAME.repo; a definition's repository of the same name replaces it.
 */
public record VendorRepository(String name, String title, Map<Integer, List<String>> baseurl, List<String> arches,
                               List<String> gpgkey, Map<String, String> options) {

    public VendorRepository {
        baseurl = new TreeMap<>(baseurl);
        arches = List.copyOf(arches);
        gpgkey = gpgkey == null ? List.of() : List.copyOf(gpgkey);
        options = options == null ? Map.of() : new TreeMap<>(options);
    }

    /** The baseurls for one EL major, as dnf reads a list (space-separated); null when there are none. */
    public String baseurlFor(int elMajor) {
        List<String> urls = baseurl.get(elMajor);
        return urls == null ? null : String.join(" ", urls);
    }
}
