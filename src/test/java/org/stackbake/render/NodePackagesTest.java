package org.stackbake.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.service.NodeModel;
import org.stackbake.spec.Definition;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.SpecException;

/** The node's package list: its services' packages, then the definition's packages:, each once. */
@Tag("unit")
class NodePackagesTest {

    private static Definition load(String path) throws SpecException {
        return new DefinitionLoader().load(Path.of(path)).definition();
    }

    @Test
    void controllerGetsEveryServicesPackagesInRecipeOrder() throws SpecException {
        assertEquals(List.of("vim", "bash-completion", "chrony", "python3-openstackclient", "openstack-selinux",
                "mariadb", "mariadb-server", "python3-PyMySQL", "rabbitmq-server", "memcached", "python3-memcached", "etcd"),
                NodePackages.resolve(load("images/epoxy/controller.yaml")));
    }

    @Test
    void computeGetsOnlyTheCommonPackages() throws SpecException {
        assertEquals(List.of("vim", "bash-completion", "chrony", "python3-openstackclient", "openstack-selinux"),
                NodePackages.resolve(load("images/epoxy/compute.yaml")));
    }

    @Test
    void extraPackagesFollowTheServicesOnceEachAndInstallDefaultsToBuild() throws SpecException {
        Definition def = load("src/test/resources/defs/gazpacho-repositories.yaml");
        // chrony is both a service package and an extra: listed once, where the services put it.
        // Gazpacho on EL 9: no client source (the role's default name, from the definition's repositories),
        // no openstack-selinux after RDO.
        assertEquals(List.of("vim", "bash-completion", "chrony", "python3-openstackclient",
                "tcpdump", "openstack-nova-compute"), NodePackages.resolve(def));
        assertEquals(Definition.Install.BUILD, def.install());
        assertEquals(List.of("stackbake-openstack-gazpacho", "stackbake-site-tools", "stackbake-staging"),
                def.repositories().stream().map(Definition.Repository::id).toList());
        assertEquals(List.of(true, true, false), def.repositories().stream().map(Definition.Repository::enabled).toList());
        NodeModel model = new NodeModelFactory().create(def);
        assertNull(model.release().repoPackage(), "gazpacho has no RDO release package");
        assertEquals(NodePackages.resolve(def), model.packages(), "first boot checks the same list");
    }
}
