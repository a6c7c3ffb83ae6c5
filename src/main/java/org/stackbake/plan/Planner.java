package org.stackbake.plan;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stackbake.firstboot.Firstboot;
import org.stackbake.release.ArtifactFile;
import org.stackbake.render.FileEntry;
import org.stackbake.render.FileTree;
import org.stackbake.render.NodePackages;
import org.stackbake.render.TreeRenderer;
import org.stackbake.service.Elements;
import org.stackbake.service.NodeSources;
import org.stackbake.spec.Definition;
import org.stackbake.spec.Definition.FirewalldState;
import org.stackbake.spec.Secret;

/** Turns a definition and its rendered tree into the ordered guest operations of a build. */
public final class Planner {

    public List<GuestOp> plan(Definition def, FileTree tree, Map<String, Secret> secrets, Instant mtime) {
        return plan(def, tree, secrets, mtime, List.of());
    }

    /**
     * localRepos: the build's --repo directories; when given, packages come only from them. With
     * install: build, the install runs first: packages lay down their default files and accounts,
     * then the rendered tree replaces their configs, and the unit ops find the units they brought.
     */
    public List<GuestOp> plan(Definition def, FileTree tree, Map<String, Secret> secrets, Instant mtime,
                              List<Path> localRepos) {
        return plan(def, tree, secrets, mtime, localRepos, artifact -> {
            throw new IllegalStateException("no artifact store for " + artifact.name());
        });
    }

    /**
     * As above; {@code artifacts} gives the verified files of the node's artifacts (components with no
     * RPM source), installed right after the packages, so the unit operations find their programs.
     */
    public List<GuestOp> plan(Definition def, FileTree tree, Map<String, Secret> secrets, Instant mtime,
                              List<Path> localRepos, ArtifactFetcher artifacts) {
        List<GuestOp> ops = new ArrayList<>();
        if (def.install() == Definition.Install.BUILD) {
            ops.add(installPackages(def, tree, localRepos));
        }
        if (def.updates() != Definition.Updates.NONE) {
            // After the install, so what it installed is current too; the validator allows it only with install: build.
            ops.add(localRepos.isEmpty() ? UpdatePackages.online(def.updates(), repoFiles(tree))
                    : UpdatePackages.offline(def.updates(), localRepos));
        }
        for (ArtifactFile artifact : NodeSources.artifacts(def)) {
            ops.add(new InstallArtifact(artifact, artifacts));
        }
        ops.add(new UploadTree(tree, mtime));
        ops.add(new RemoveLegacyHostname());
        for (String unit : Elements.units(def)) {
            ops.add(new EnableUnit(unit, "multi-user.target"));
        }
        FirewalldState firewalld = def.security().firewalld();
        ops.add(firewalld == FirewalldState.ENABLED ? new EnableUnit("firewalld.service", "multi-user.target")
                : new DisableUnit("firewalld.service", firewalld == FirewalldState.MASKED));
        Secret root = def.rootPassword() == null ? null : secrets.get(def.rootPassword());
        if (root != null) {
            ops.add(new SetRootPasswordHash(root.sha512Crypt()));
        }
        if (tree.get(Firstboot.UNIT_PATH).isPresent()) {
            ops.add(new InstallFirstboot(Firstboot.UNIT_NAME, Firstboot.UNIT_WANTED_BY, Firstboot.STATE_DIR));
        }
        if (def.security().selinux() != Definition.SelinuxMode.DISABLED) {
            Set<String> touched = new LinkedHashSet<>();
            ops.forEach(op -> touched.addAll(op.touchedPaths()));
            // setfiles recurses: a path under another touched one is relabelled with it.
            List<String> roots = touched.stream().filter(p -> touched.stream()
                    .noneMatch(other -> !other.equals(p) && p.startsWith(other + "/"))).toList();
            ops.add(new Relabel(roots, "targeted"));
        }
        return ops;
    }

    private static InstallPackages installPackages(Definition def, FileTree tree, List<Path> localRepos) {
        List<String> packages = NodePackages.resolve(def);
        if (!localRepos.isEmpty()) {
            return InstallPackages.offline(packages, localRepos);
        }
        return InstallPackages.online(packages, NodeSources.supply(def).releasePackage(), repoFiles(tree));
    }

    /** The /etc/yum.repos.d/stackbake-*.repo files (the definition's and the vendors'), which an online install or update uses. */
    private static List<FileEntry> repoFiles(FileTree tree) {
        return tree.entries().stream()
                .filter(e -> e.path().startsWith(TreeRenderer.REPO_DIR + Definition.Repository.ID_PREFIX)).toList();
    }
}
