package org.stackbake.firstboot;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stackbake.render.FileEntry;
import org.stackbake.render.NodeModel;
import org.stackbake.render.RenderException;
import org.stackbake.render.TemplateRenderer;
import org.stackbake.spec.Secret;

/**
 * The first-boot files of a node: unit, runner, shared library, numbered steps, and the two 0600
 * data files the build fills from env:/file: secrets (service passwords; user password hashes).
 * Without resolved values ({@code render}) the data files carry placeholders naming the source.
 */
public final class FirstbootFiles {
    private final TemplateRenderer templates;

    public FirstbootFiles(TemplateRenderer templates) {
        this.templates = templates;
    }

    public List<FileEntry> render(NodeModel node, Map<String, Secret> secrets) throws RenderException {
        FirstbootModel fb = FirstbootModel.of(node);
        Map<String, Object> model = Map.of("node", node, "fb", fb);
        List<FileEntry> files = new ArrayList<>();
        files.add(FileEntry.root(Firstboot.UNIT_PATH, 0644,
                templates.render("usr/lib/systemd/system/stackbake-firstboot.service.ftl", model)));
        files.add(FileEntry.root(Firstboot.RUNNER_PATH, 0755, templates.render("usr/libexec/stackbake/firstboot.ftl", model)));
        files.add(FileEntry.root(Firstboot.LIB_PATH, 0644, templates.render("usr/libexec/stackbake/lib.sh.ftl", model)));
        for (FirstbootModel.Step step : fb.steps()) {
            files.add(FileEntry.root(step.path(), 0755, templates.render(step.template(), model)));
        }
        List<NodeModel.SecretModel> delivered = delivered(node);
        if (!delivered.isEmpty()) {
            files.add(secretsFile(delivered, secrets));
        }
        List<FirstbootModel.UserPlan> hashed = fb.users().stream().filter(u -> u.passwordMode().equals("hash")).toList();
        if (!hashed.isEmpty()) {
            files.add(userHashesFile(hashed, node, secrets));
        }
        return files;
    }

    /**
     * The env:/file: secrets first boot needs in plain text: the services' passwords. Login
     * passwords never travel in plain text: they are hashed at build time.
     */
    static List<NodeModel.SecretModel> delivered(NodeModel node) {
        Set<String> needed = new LinkedHashSet<>();
        if (node.mariadb() != null) {
            needed.add(node.mariadb().rootPasswordSecret());
        }
        if (node.rabbitmq() != null) {
            needed.add(node.rabbitmq().passwordSecret());
        }
        return node.secrets().stream().filter(s -> !s.generated() && needed.contains(s.name())).toList();
    }

    /**
     * One line per secret, {@code name=base64(UTF-8 value)}: base64 lets the shell read any value
     * without quoting hazards. lib.sh's {@code secret} function reads it.
     */
    private static FileEntry secretsFile(List<NodeModel.SecretModel> delivered, Map<String, Secret> values) {
        StringBuilder text = new StringBuilder(
                "# stackbake first-boot secrets: name=base64(value); removed after first boot succeeds\n");
        for (NodeModel.SecretModel secret : delivered) {
            Secret value = values.get(secret.name());
            text.append(secret.name()).append('=').append(value == null
                    ? "<secret from " + secret.source() + ">"
                    : Base64.getEncoder().encodeToString(value.reveal().getBytes(StandardCharsets.UTF_8)))
                    .append('\n');
        }
        return sensitive(Firstboot.SECRETS_PATH, text.toString());
    }

    /** {@code user:$6$salt$hash} lines, exactly what {@code chpasswd -e} reads. */
    private static FileEntry userHashesFile(List<FirstbootModel.UserPlan> users, NodeModel node, Map<String, Secret> values) {
        StringBuilder text = new StringBuilder();
        for (FirstbootModel.UserPlan user : users) {
            Secret value = values.get(user.passwordSecret());
            String source = node.secrets().stream().filter(s -> s.name().equals(user.passwordSecret()))
                    .map(NodeModel.SecretModel::source).findFirst().orElse("?");
            text.append(user.name()).append(':').append(value == null
                    ? "<SHA-512 crypt hash of secret from " + source + ">"
                    : value.sha512Crypt()).append('\n');
        }
        return sensitive(Firstboot.USER_HASHES_PATH, text.toString());
    }

    private static FileEntry sensitive(String path, String text) {
        return new FileEntry(path, 0600, "root", "root", text.getBytes(StandardCharsets.UTF_8), true);
    }
}
