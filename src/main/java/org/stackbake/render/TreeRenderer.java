package org.stackbake.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.stackbake.firstboot.Firstboot;
import org.stackbake.firstboot.FirstbootFiles;
import org.stackbake.spec.Secret;

/**
 * Renders every file of a node into a {@link FileTree}: which template makes which guest path,
 * with what mode, and for which roles. This list is the single place that says what an image gets.
 */
public final class TreeRenderer {
    private static final String KEYFILE_DIR = "/etc/NetworkManager/system-connections/";
    public static final String REPO_DIR = "/etc/yum.repos.d/";

    private final TemplateRenderer templates;

    public TreeRenderer(TemplateRenderer templates) {
        this.templates = templates;
    }

    /** An output file: the template, its guest path, mode, and whether the node gets it. */
    private record Output(String template, String path, int mode) {}

    /**
     * Renders the tree. {@code secrets} holds resolved values for a build; for {@code render} it is
     * empty and the secrets file carries placeholders instead of values.
     */
    public FileTree render(NodeModel model, Map<String, Secret> secrets) throws RenderException {
        FileTree tree = new FileTree();
        for (Output output : outputs(model)) {
            tree.add(FileEntry.root(output.path(), output.mode(), templates.render(output.template(), model)));
        }
        for (NodeModel.NicModel nic : model.nics()) {
            String text = templates.render("etc/NetworkManager/system-connections/connection.nmconnection.ftl",
                    Map.of("node", model, "nic", nic));
            // NetworkManager ignores keyfiles not owned by root with mode 0600.
            tree.add(FileEntry.root(KEYFILE_DIR + nic.id() + ".nmconnection", 0600, text));
        }
        for (NodeModel.RepositoryModel repo : model.repositories()) {
            tree.add(FileEntry.root(REPO_DIR + repo.id() + ".repo", 0644, templates.render(
                    "etc/yum.repos.d/repository.repo.ftl", Map.of("node", model, "repo", repo))));
        }
        if (model.cloudInit().equals("disabled")) {
            tree.add(FileEntry.root("/etc/cloud/cloud-init.disabled", 0644, ""));
        }
        // First boot: unit, runner, lib.sh, the node's numbered steps and the 0600 secrets files.
        for (FileEntry entry : new FirstbootFiles(templates).render(model, secrets)) {
            tree.add(entry);
        }
        return tree;
    }

    private static List<Output> outputs(NodeModel model) {
        List<Output> outputs = new ArrayList<>(List.of(
                new Output("etc/hosts.ftl", "/etc/hosts", 0644),
                new Output("etc/hostname.ftl", "/etc/hostname", 0644),
                new Output("etc/selinux/config.ftl", "/etc/selinux/config", 0644),
                new Output("etc/chrony.conf.ftl", "/etc/chrony.conf", 0644),
                new Output("usr/libexec/stackbake/install-packages.sh.ftl", Firstboot.INSTALL_PACKAGES_PATH, 0755)));
        if (!model.cloudInit().equals("keep")) {
            outputs.add(new Output("etc/cloud/cloud.cfg.d/99-stackbake.cfg.ftl", "/etc/cloud/cloud.cfg.d/99-stackbake.cfg", 0644));
        }
        if (model.mariadb() != null) {
            outputs.add(new Output("etc/my.cnf.d/openstack.cnf.ftl", "/etc/my.cnf.d/openstack.cnf", 0644));
        }
        if (model.memcached() != null) {
            outputs.add(new Output("etc/sysconfig/memcached.ftl", "/etc/sysconfig/memcached", 0644));
        }
        if (model.etcd() != null) {
            outputs.add(new Output("etc/etcd/etcd.conf.ftl", "/etc/etcd/etcd.conf", 0644));
        }
        return outputs;
    }
}
