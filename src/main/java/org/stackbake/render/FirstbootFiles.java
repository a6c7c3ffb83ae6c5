package org.stackbake.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stackbake.firstboot.Firstboot;
import org.stackbake.service.NodeModel;
import org.stackbake.service.Elements;
import org.stackbake.service.FirstbootStep;
import org.stackbake.spec.Definition;
import org.stackbake.spec.Secret;

/**
 * The first-boot files of a node: unit, runner, shared library, numbered steps, and the two 0600
 * data files the build fills from env:/file: secrets: service password hashes (as each server
 * stores them) and user password hashes. No password, in any encoding, enters the image.
 * Without resolved values ({@code render}) the data files carry placeholders naming the source.
 */
public final class FirstbootFiles {
    private final TemplateRenderer templates;

    public FirstbootFiles(TemplateRenderer templates) {
        this.templates = templates;
    }

    public List<FileEntry> render(Definition def, NodeModel node, Map<String, Secret> secrets) throws RenderException {
        FirstbootModel fb = FirstbootModel.of(def, node);
        Map<String, Object> model = Map.of("node", node, "fb", fb);
        List<FileEntry> files = new ArrayList<>();
        files.add(FileEntry.root(Firstboot.UNIT_PATH, 0644,
                templates.render("usr/lib/systemd/system/stackbake-firstboot.service.ftl", model)));
        files.add(FileEntry.root(Firstboot.RUNNER_PATH, 0755, templates.render("usr/libexec/stackbake/firstboot.ftl", model)));
        files.add(FileEntry.root(Firstboot.LIB_PATH, 0644, templates.render("usr/libexec/stackbake/lib.sh.ftl", model)));
        for (FirstbootModel.Step step : fb.steps()) {
            files.add(FileEntry.root(step.path(), 0755, templates.render(step.template(), model)));
        }
        Map<String, FirstbootStep.SecretNeed> delivered = delivered(def, node);
        if (!delivered.isEmpty()) {
            files.add(serviceHashesFile(delivered, node, secrets));
        }
        List<FirstbootModel.UserPlan> hashed = fb.users().stream()
                .filter(u -> u.passwordMode() == FirstbootModel.PasswordMode.HASH).toList();
        if (!hashed.isEmpty()) {
            files.add(userHashesFile(hashed, node, secrets));
        }
        return files;
    }

    /**
     * The env:/file: secrets the node's steps need, keyed {@code form:secret}. Generated secrets
     * are made on the node, so nothing of them travels.
     */
    static Map<String, FirstbootStep.SecretNeed> delivered(Definition def, NodeModel node) {
        Map<String, FirstbootStep.SecretNeed> needed = new LinkedHashMap<>();
        for (FirstbootStep step : Elements.firstbootSteps(def)) {
            for (FirstbootStep.SecretNeed need : step.secrets()) {
                boolean generated = node.secrets().stream().anyMatch(s -> s.name().equals(need.secret()) && s.generated());
                if (!generated) {
                    needed.put(need.form() + ":" + need.secret(), need);
                }
            }
        }
        return needed;
    }

    /** {@code form:secret=hash} lines; lib.sh's {@code delivered_hash} reads them. */
    private static FileEntry serviceHashesFile(Map<String, FirstbootStep.SecretNeed> delivered, NodeModel node,
                                               Map<String, Secret> values) {
        StringBuilder text = new StringBuilder("# stackbake first boot: service password hashes as the servers store them"
                + " (form:secret=hash); removed after first boot succeeds\n");
        delivered.forEach((key, need) -> {
            Secret value = values.get(need.secret());
            text.append(key).append('=').append(value == null
                    ? "<" + need.form() + " hash of secret from " + source(node, need.secret()) + ">"
                    : need.hash().apply(value.reveal())).append('\n');
        });
        return sensitive(Firstboot.SERVICE_HASHES_PATH, text.toString());
    }

    /** {@code user:$6$salt$hash} lines, exactly what {@code chpasswd -e} reads. */
    private static FileEntry userHashesFile(List<FirstbootModel.UserPlan> users, NodeModel node, Map<String, Secret> values) {
        StringBuilder text = new StringBuilder();
        for (FirstbootModel.UserPlan user : users) {
            Secret value = values.get(user.passwordSecret());
            text.append(user.name()).append(':').append(value == null
                    ? "<SHA-512 crypt hash of secret from " + source(node, user.passwordSecret()) + ">"
                    : value.sha512Crypt()).append('\n');
        }
        return sensitive(Firstboot.USER_HASHES_PATH, text.toString());
    }

    private static String source(NodeModel node, String secret) {
        return node.secrets().stream().filter(s -> s.name().equals(secret))
                .map(NodeModel.SecretModel::source).findFirst().orElse("?");
    }

    private static FileEntry sensitive(String path, String text) {
        return new FileEntry(path, 0600, "root", "root", text.getBytes(StandardCharsets.UTF_8), true);
    }
}
