package org.stackbake.guest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Tag;
import org.stackbake.CacheDirs;
import org.stackbake.files.ProcessRunner;

/**
 * {@link BootIntegrationTest} on the current generation: controller and compute of a current release built from
 * {@code synthetic:rocky-10-bootable} (Debian 13: MariaDB 11.8, RabbitMQ 4.0 on Erlang 27, systemd 257, kernel
 * 6.12), booted together twice with every assertion of the EL9 test. The definitions are a test copy of the shipped
 * epoxy ones with {@code release: gazpacho} and {@code base: rocky-10}: the vendors' packages the release installs
 * are declared by the base; the etcd release tarball the release installs cannot be downloaded here, so the copy
 * names a stand-in made of the base's own Debian etcd 3.5 binaries (its own digest, a {@code .invalid} URL never
 * contacted), given with {@code --artifacts}.
 */
@Tag("boot")
class El10BootIntegrationTest extends BootIntegrationTest {
    private static final String ETCD_TARBALL = "etcd-v3.5.16-debian-linux-amd64.tar.gz";

    private String etcdSha256;

    @Override
    String flavor() {
        return "rocky-10-bootable";
    }

    @Override
    String site(String shipped) {
        String site = shipped.replaceFirst("(?m)^release: epoxy$", "release: gazpacho")
                .replaceFirst("(?m)^base: rocky-9$", "base: rocky-10");
        if (!site.contains("release: gazpacho") || !site.contains("base: rocky-10") || etcdSha256 == null) {
            throw new AssertionError("the shipped epoxy site.yaml changed shape (or no etcd stand-in):\n" + shipped);
        }
        return site + "artifacts:\n  etcd: {url: \"https://stackbake.invalid/test/" + ETCD_TARBALL + "\", sha256: \""
                + etcdSha256 + "\"}\n";
    }

    /** The etcd stand-in, from the Debian 13 packages the base was made of (its .deb cache). */
    @Override
    List<String> buildOptions(Path work) throws Exception {
        return List.of("--artifacts", work.resolve("artifacts").toString());
    }

    @Override
    void prepare(Path work) throws Exception {
        Path debs = CacheDirs.fromSystem().debs().resolve("trixie");
        Path unpacked = Files.createDirectories(work.resolve("etcd-debs"));
        Path top = Files.createDirectories(work.resolve("etcd-tree/etcd-v3.5.16-linux-amd64"));
        Path artifacts = Files.createDirectories(work.resolve("artifacts"));
        ProcessRunner runner = new ProcessRunner();
        for (String deb : List.of("etcd-server_3.5.16-4_amd64.deb", "etcd-client_3.5.16-4_amd64.deb")) {
            require(runner.run(List.of("dpkg-deb", "-x", debs.resolve(deb).toString(), unpacked.toString()),
                    Duration.ofMinutes(2)), deb);
        }
        for (String program : List.of("etcd", "etcdctl", "etcdutl")) {
            Files.copy(unpacked.resolve("usr/bin/" + program), top.resolve(program));
        }
        Path tarball = artifacts.resolve(ETCD_TARBALL);
        require(runner.run(List.of("tar", "-czf", tarball.toString(), "-C", top.getParent().toString(),
                top.getFileName().toString()), Duration.ofMinutes(2)), "tar");
        try (var in = Files.newInputStream(tarball)) {
            etcdSha256 = DigestUtils.sha256Hex(in);
        }
    }

    private static void require(ProcessRunner.Result result, String what) {
        if (!result.succeeded()) {
            throw new AssertionError(what + ": " + result.stdout() + result.stderr());
        }
    }

    @Override
    String mariadbSeries() {
        return "11.";
    }

    @Override
    String rabbitmqSeries() {
        return "4.";
    }

    /** EL10 is built for x86-64-v3: under TCG, qemu 7.2's "max" CPU has AVX2 and the rest of v3. */
    @Override
    String cpuLevel() {
        return "x86-64-v3";
    }
}
