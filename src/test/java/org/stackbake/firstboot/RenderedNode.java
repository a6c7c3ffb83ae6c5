package org.stackbake.firstboot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stackbake.render.FileTree;
import org.stackbake.render.NodeRenderer;
import org.stackbake.render.TreeWriter;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.LoadedDefinition;
import org.stackbake.spec.SecretResolver;

/**
 * A definition rendered exactly as a build would (secrets resolved from a fake build environment)
 * and written under {@code root}, plus the environment that makes the rendered scripts use the
 * temp dirs instead of guest paths. Tests run these same scripts against real servers.
 */
final class RenderedNode {
    static final String LIBEXEC = "usr/libexec/stackbake";

    final Path root;
    final FileTree tree;
    private final Map<String, String> env = new HashMap<>();

    private RenderedNode(Path root, FileTree tree) throws IOException {
        this.root = root;
        this.tree = tree;
        Path hostnamectl = recorder(root, "hostnamectl");
        env.put("STACKBAKE_LIB", root.resolve(LIBEXEC + "/lib.sh").toString());
        env.put("STACKBAKE_STEPS_DIR", root.resolve(LIBEXEC + "/firstboot.d").toString());
        env.put("STACKBAKE_STATE_DIR", root.resolve("var/lib/stackbake").toString());
        env.put("STACKBAKE_PASSWORDS_FILE", root.resolve("root/stackbake-passwords").toString());
        env.put("STACKBAKE_SUDOERS_DIR", root.resolve("etc/sudoers.d").toString());
        env.put("STACKBAKE_HOSTNAMECTL", hostnamectl.toString());
        env.put("STACKBAKE_CHRONYC", "/bin/true");
        // 05-packages: every package counts as installed (the tests run the servers themselves),
        // systemctl only records, SELinux is not enforcing; installing or setenforce would fail.
        env.put("STACKBAKE_RPM", "/bin/true");
        env.put("STACKBAKE_INSTALL_PACKAGES", "/bin/false");
        env.put("STACKBAKE_SYSTEMCTL", recorder(root, "systemctl").toString());
        env.put("STACKBAKE_GETENFORCE", "/bin/true");
        env.put("STACKBAKE_SETENFORCE", "/bin/false");
        env.put("STACKBAKE_WAIT_SECONDS", "60");
        env.put("HOME", root.resolve("root").toString());
        env.put("TMPDIR", Files.createDirectories(root.resolve("tmp")).toString());
        env.put("LANG", "C.UTF-8");
        Files.createDirectories(root.resolve("root"));
    }

    /** A fake tool in root/fake-bin that appends its arguments to fake-bin/NAME.calls. */
    private static Path recorder(Path root, String name) throws IOException {
        Path tool = root.resolve("fake-bin/" + name);
        Files.createDirectories(tool.getParent());
        Files.writeString(tool, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> \"$(dirname \"$0\")/" + name + ".calls\"\n");
        tool.toFile().setExecutable(true);
        return tool;
    }

    /** Writes {@code yaml} as a definition, resolves its env: secrets from {@code buildEnv}, renders into root. */
    static RenderedNode render(Path root, String yaml, Map<String, String> buildEnv) throws Exception {
        Files.createDirectories(root);
        Path definition = root.resolve("definition.yaml");
        Files.writeString(definition, yaml);
        LoadedDefinition loaded = new DefinitionLoader().load(definition);
        var secrets = new SecretResolver(buildEnv::get).resolve(loaded);
        FileTree tree = new NodeRenderer(null).render(loaded, secrets);
        new TreeWriter().write(tree, root.resolve("tree-tmp"), true);
        // TreeWriter writes a fresh directory; move its content over root so runs can be repeated on one root.
        copyOver(root.resolve("tree-tmp"), root);
        return new RenderedNode(root, tree);
    }

    private static void copyOver(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        org.stackbake.firstboot.TestFiles.deleteRecursively(from);
    }

    /** A YAML definition with MariaDB and RabbitMQ whose passwords come from SB_DB_ROOT and SB_MQ_PASS. */
    static String servicesDefinition(String extraSecrets) {
        return """
            name: fbtest
            release: epoxy
            hostname: fbtest
            network:
              - id: eth0
                match: {interface: eth0}
                ipv4: {address: 192.0.2.10/24}
            services:
              mariadb: {rootPassword: db_root}
              rabbitmq: {password: mq_pass}
            secrets:
            """ + (extraSecrets != null ? extraSecrets : """
              db_root: {env: SB_DB_ROOT}
              mq_pass: {env: SB_MQ_PASS}
            """);
    }

    RenderedNode with(Map<String, String> more) {
        env.putAll(more);
        return this;
    }

    Map<String, String> env() {
        return env;
    }

    Path path(String guestPath) {
        return root.resolve(guestPath.substring(1));
    }

    Path step(String name) {
        return root.resolve(LIBEXEC + "/firstboot.d/" + name + ".sh");
    }

    Proc.Result runStep(String name) {
        return runStep(name, List.of());
    }

    /** Runs the step under {@code prefix}, e.g. {@code ip netns exec NAME} to run it in a network namespace. */
    Proc.Result runStep(String name, List<String> prefix) {
        List<String> command = new java.util.ArrayList<>(prefix);
        command.addAll(List.of("bash", step(name).toString()));
        return Proc.run(command, env, null, 300);
    }

    Proc.Result runFirstboot() {
        return Proc.run(List.of("bash", root.resolve(LIBEXEC + "/firstboot").toString()), env, null, 600);
    }
}
