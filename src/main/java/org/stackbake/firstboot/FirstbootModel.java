package org.stackbake.firstboot;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.stackbake.render.NodeModel;
import org.stackbake.render.NodeModel.SecretModel;

/**
 * What the first-boot templates see besides the node model (as {@code fb}): which steps the node
 * gets, the secrets it may generate, each user's password source and the ports the verification
 * step probes. Computed here so templates only place values. (The node's server units, which the
 * unit waits for and step 05-packages starts, are the node model's serviceUnits.)
 */
public record FirstbootModel(
        Map<String, String> paths,
        List<Step> steps,
        List<Generated> generated,
        List<UserPlan> users,
        String generatedRootSecret,
        List<PortCheck> ports) {

    /** A numbered step: {@code name} is the file name without .sh, e.g. {@code 30-mariadb}. */
    public record Step(String name, String template) {
        public String path() {
            return Firstboot.STEPS_DIR + "/" + name + ".sh";
        }
    }

    /** A secret first boot creates with a CSPRNG when it is not already in the passwords file. */
    public record Generated(String name, int length) {}

    /** passwordMode: {@code hash} (chpasswd -e from the build's hash file), {@code generate}, or {@code none} (locked). */
    public record UserPlan(String name, List<String> groups, boolean sudo, List<String> sshAuthorizedKeys, String shell,
                           String passwordMode, String passwordSecret) {}

    /** A TCP port the verification step expects to answer. */
    public record PortCheck(String name, String host, int port) {}

    public static FirstbootModel of(NodeModel node) {
        Map<String, SecretModel> secrets = node.secrets().stream()
                .collect(Collectors.toMap(SecretModel::name, Function.identity()));
        List<UserPlan> users = node.users().stream().map(u -> new UserPlan(u.name(), u.groups(), u.sudo(),
                u.sshAuthorizedKeys(), u.shell(), passwordMode(u.passwordSecret(), secrets), u.passwordSecret())).toList();
        String root = node.rootPasswordSecret() != null && isGenerated(node.rootPasswordSecret(), secrets)
                ? node.rootPasswordSecret() : null;
        return new FirstbootModel(defaultPaths(), steps(node, users, root),
                node.secrets().stream().filter(SecretModel::generated).map(s -> new Generated(s.name(), s.length())).toList(),
                users, root, ports(node));
    }

    /** The steps in run order; a service's step only when the node runs that service. */
    static List<Step> steps(NodeModel node, List<UserPlan> users, String generatedRoot) {
        List<Step> steps = new ArrayList<>();
        steps.add(step("05-packages"));
        steps.add(step("10-hostname"));
        if (!users.isEmpty() || generatedRoot != null) {
            steps.add(step("20-users"));
        }
        if (node.mariadb() != null) {
            steps.add(step("30-mariadb"));
        }
        if (node.rabbitmq() != null) {
            steps.add(step("40-rabbitmq"));
        }
        steps.add(step("90-verify"));
        return List.copyOf(steps);
    }

    private static Step step(String name) {
        return new Step(name, "usr/libexec/stackbake/firstboot.d/" + name + ".sh.ftl");
    }

    static List<PortCheck> ports(NodeModel node) {
        List<PortCheck> ports = new ArrayList<>();
        if (node.memcached() != null) {
            List<String> listen = Arrays.asList(node.memcached().listen().split(","));
            String host = listen.contains("127.0.0.1") ? "127.0.0.1" : listen.get(0);
            ports.add(new PortCheck("memcached", host, node.memcached().port()));
        }
        if (node.etcd() != null) {
            URI client = URI.create(node.etcd().clientUrl());
            ports.add(new PortCheck("etcd", client.getHost(), client.getPort()));
        }
        return List.copyOf(ports);
    }

    /** Default paths for lib.sh; files of the state directory are given by name, relative to it. */
    private static Map<String, String> defaultPaths() {
        return Map.of(
                "stateDir", Firstboot.STATE_DIR,
                "stepsDir", Firstboot.STEPS_DIR,
                "lib", Firstboot.LIB_PATH,
                "passwords", Firstboot.PASSWORDS_PATH,
                "runner", Firstboot.RUNNER_PATH,
                "installPackages", Firstboot.INSTALL_PACKAGES_PATH,
                "secretsName", inStateDir(Firstboot.SECRETS_PATH),
                "userHashesName", inStateDir(Firstboot.USER_HASHES_PATH),
                "doneName", inStateDir(Firstboot.DONE_MARKER),
                "reportName", inStateDir(Firstboot.REPORT_PATH));
    }

    private static String inStateDir(String path) {
        if (!path.startsWith(Firstboot.STATE_DIR + "/")) {
            throw new IllegalStateException(path + " is not in " + Firstboot.STATE_DIR);
        }
        return path.substring(Firstboot.STATE_DIR.length() + 1);
    }

    private static String passwordMode(String secret, Map<String, SecretModel> secrets) {
        if (secret == null) {
            return "none";
        }
        return isGenerated(secret, secrets) ? "generate" : "hash";
    }

    private static boolean isGenerated(String secret, Map<String, SecretModel> secrets) {
        return Optional.ofNullable(secrets.get(secret)).map(SecretModel::generated).orElse(false);
    }
}
