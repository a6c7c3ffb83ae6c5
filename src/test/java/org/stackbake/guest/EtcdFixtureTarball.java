package org.stackbake.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.stackbake.plan.FixtureTarball;

/**
 * A FIXTURE standing in for etcd's release tarball etcd-v3.6.5-linux-amd64.tar.gz, laid out as etcd
 * lays it out (one top directory): etcd and etcdctl are the build host's Debian binaries (not
 * etcd-io's release build), etcdutl a one-line script. Its SHA-256 is its own, so a test pins it
 * in the definition's artifacts: instead of the catalog's.
 */
final class EtcdFixtureTarball {
    static final String FILE_NAME = "etcd-v3.6.5-linux-amd64.tar.gz";
    static final Path HOST_ETCD = Path.of("/usr/bin/etcd");

    private EtcdFixtureTarball() {}

    /** Writes it into {@code dir}; returns its SHA-256. */
    static String write(Path dir) throws IOException {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("etcd", Files.readAllBytes(HOST_ETCD));
        members.put("etcdctl", Files.readAllBytes(Path.of("/usr/bin/etcdctl")));
        members.put("etcdutl", "#!/bin/sh\necho 'etcdutl FIXTURE (stackbake test)'\n".getBytes(StandardCharsets.UTF_8));
        members.put("README.md", "FIXTURE: the build host's Debian etcd binaries, not etcd-io's release\n"
                .getBytes(StandardCharsets.UTF_8));
        return FixtureTarball.write(dir.resolve(FILE_NAME), "etcd-v3.6.5-linux-amd64", members);
    }
}
