package org.stackbake.guest;

import java.io.IOException;
import java.util.List;
import org.stackbake.guest.synthetic.GuestTree;
import org.stackbake.guest.synthetic.HostTools;

/**
 * Real Debian server programs, with their libraries, added to a synthetic EL base at EL's paths, so that
 * verify's in-guest service checks run genuine daemons. etcd stays out: its check (--version) reads no
 * config, and one absent service keeps "not installed" covered.
 */
final class ServerPrograms implements SyntheticBase.Extras {

    private record Program(String guestPath, String name, String debianPackage) {}

    private static final List<Program> PROGRAMS = List.of(
            new Program("/usr/sbin/chronyd", "chronyd", "chrony"),
            new Program("/usr/libexec/mariadbd", "mariadbd", "mariadb-server"),
            new Program("/usr/bin/memcached", "memcached", "memcached"));

    /** EL 9's /etc/my.cnf (mariadb-connector-c-config): the server reads /etc/my.cnf.d through it. */
    private static final String MY_CNF = "[client-server]\n!includedir /etc/my.cnf.d\n";

    /** Names the cached base after what it carries, so a changed list never reuses an old image. */
    static String baseName() {
        return "rocky-9+" + String.join("+", PROGRAMS.stream().map(Program::name).toList()) + ".qcow2";
    }

    @Override
    public void addTo(GuestTree tree) throws IOException {
        for (Program program : PROGRAMS) {
            tree.hostProgram(program.guestPath(), HostTools.require(program.name(), program.debianPackage()));
        }
        tree.file("/etc/my.cnf", 0644, MY_CNF).dir("/etc/my.cnf.d", 0755);
    }
}
