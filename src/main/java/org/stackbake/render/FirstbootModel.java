package org.stackbake.render;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.stackbake.firstboot.Firstboot;
import org.stackbake.service.NodeModel;
import org.stackbake.service.NodeModel.SecretModel;
import org.stackbake.service.Elements;
import org.stackbake.service.FirstbootCheck;
import org.stackbake.service.FirstbootStep;
import org.stackbake.spec.Definition;

/**
 * What the first-boot templates see besides the node model (as {@code fb}): which steps the node
 * gets (from its elements), the shell fragments its elements add to lib.sh, the secrets it may generate, each user's password source, the checks
 * the verification step runs, and the time budget. Computed here so templates only place values.
 * (The node's server units, which the unit waits for and step 05-packages starts, are the node
 * model's serviceUnits.)
 */
public record FirstbootModel(
        Map<String, String> paths,
        List<Step> steps,
        List<String> shellFragments,
        List<Generated> generated,
        List<UserPlan> users,
        String generatedRootSecret,
        List<FirstbootCheck> checks,
        int waitSeconds,
        int timeoutMinutes) {

    /** A numbered step: {@code name} is the file name without .sh, e.g. {@code 10-hostname}. */
    public record Step(String name, String template) {
        public String path() {
            return Firstboot.STEPS_DIR + "/" + name + ".sh";
        }
    }

    /** A secret first boot creates with a CSPRNG when it is not already in the passwords file. */
    public record Generated(String name, int length) {}

    /** How a user's password is set at first boot. */
    public enum PasswordMode {
        /** chpasswd -e with the build's SHA-512 crypt hash. */
        HASH,
        /** generated on the node and left for the operator. */
        GENERATE,
        /** no password: the account is locked, sudo needs none. */
        NONE;

        @JsonValue
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record UserPlan(String name, List<String> groups, boolean sudo, List<String> sshAuthorizedKeys, String shell,
                           PasswordMode passwordMode, String passwordSecret) {}

    public static FirstbootModel of(Definition def, NodeModel node) {
        Map<String, SecretModel> secrets = node.secrets().stream()
                .collect(Collectors.toMap(SecretModel::name, Function.identity()));
        List<UserPlan> users = node.users().stream().map(u -> new UserPlan(u.name(), u.groups(), u.sudo(),
                u.sshAuthorizedKeys(), u.shell(), passwordMode(u.passwordSecret(), secrets), u.passwordSecret())).toList();
        String root = node.rootPasswordSecret() != null && isGenerated(node.rootPasswordSecret(), secrets)
                ? node.rootPasswordSecret() : null;
        List<FirstbootStep> steps = Elements.firstbootSteps(def);
        return new FirstbootModel(defaultPaths(),
                steps.stream().map(s -> new Step(s.name(), s.template())).toList(), Elements.shellFragments(def),
                node.secrets().stream().filter(SecretModel::generated).map(s -> new Generated(s.name(), s.length())).toList(),
                users, root, Elements.firstbootChecks(def), Firstboot.WAIT_SECONDS, timeoutMinutes(steps));
    }

    /**
     * The unit's start timeout: every step's waits at the full wait budget plus its own work, and
     * a margin, rounded up to minutes. A healthy first boot takes minutes; the budget only bounds a
     * stuck one, and must never cut off a slow one that would have finished.
     */
    static int timeoutMinutes(List<FirstbootStep> steps) {
        int seconds = Firstboot.RUNNER_MARGIN_SECONDS;
        for (FirstbootStep step : steps) {
            seconds += step.waits() * Firstboot.WAIT_SECONDS + step.workSeconds();
        }
        return (seconds + 59) / 60;
    }

    /** Default paths for lib.sh; files of the state directory are given by name, relative to it. */
    private static Map<String, String> defaultPaths() {
        return Map.ofEntries(
                Map.entry("stateDir", Firstboot.STATE_DIR),
                Map.entry("stepsDir", Firstboot.STEPS_DIR),
                Map.entry("lib", Firstboot.LIB_PATH),
                Map.entry("passwords", Firstboot.PASSWORDS_PATH),
                Map.entry("runner", Firstboot.RUNNER_PATH),
                Map.entry("installPackages", Firstboot.INSTALL_PACKAGES_PATH),
                Map.entry("serviceHashesName", inStateDir(Firstboot.SERVICE_HASHES_PATH)),
                Map.entry("userHashesName", inStateDir(Firstboot.USER_HASHES_PATH)),
                Map.entry("doneName", inStateDir(Firstboot.DONE_MARKER)),
                Map.entry("reportName", inStateDir(Firstboot.REPORT_PATH)),
                Map.entry("stepStateName", inStateDir(Firstboot.STEP_STATE_DIR)),
                Map.entry("lockName", inStateDir(Firstboot.LOCK_PATH)),
                Map.entry("checksName", inStateDir(Firstboot.CHECKS_PATH)),
                Map.entry("console", Firstboot.CONSOLE));
    }

    private static String inStateDir(String path) {
        if (!path.startsWith(Firstboot.STATE_DIR + "/")) {
            throw new IllegalStateException(path + " is not in " + Firstboot.STATE_DIR);
        }
        return path.substring(Firstboot.STATE_DIR.length() + 1);
    }

    private static PasswordMode passwordMode(String secret, Map<String, SecretModel> secrets) {
        if (secret == null) {
            return PasswordMode.NONE;
        }
        return isGenerated(secret, secrets) ? PasswordMode.GENERATE : PasswordMode.HASH;
    }

    private static boolean isGenerated(String secret, Map<String, SecretModel> secrets) {
        return Optional.ofNullable(secrets.get(secret)).map(SecretModel::generated).orElse(false);
    }
}
