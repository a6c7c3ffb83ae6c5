package org.stackbake.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.SpecException;

class NodeModelFactoryTest {

    private static NodeModel model(String path) throws SpecException {
        return new NodeModelFactory().create(new DefinitionLoader().load(Path.of(path)).definition());
    }

    @Test
    void derivesServiceAddressesFromTheManagementNic() throws SpecException {
        NodeModel controller = model("images/dalmatian/controller.yaml");
        assertEquals("192.168.8.10", controller.managementAddress());
        assertEquals("192.168.8.10", controller.mariadb().bindAddress());
        assertEquals("127.0.0.1,::1,controller", controller.memcached().listen());
        assertEquals("http://192.168.8.10:2379", controller.etcd().clientUrl());
        assertEquals("controller=http://192.168.8.10:2380", controller.etcd().initialCluster());
        assertEquals("centos-release-openstack-dalmatian", controller.release().repoPackage());
    }

    @Test
    void computeHasNoControllerServices() throws SpecException {
        NodeModel compute = model("images/dalmatian/compute.yaml");
        assertNull(compute.mariadb());
        assertNull(compute.rabbitmq());
        assertNull(compute.etcd());
        assertEquals("192.168.8.20", compute.managementAddress());
    }

    @Test
    void keyfileUuidsAreStablePerDefinitionAndNic() throws SpecException {
        NodeModel a = model("images/dalmatian/controller.yaml");
        NodeModel b = model("images/dalmatian/controller.yaml");
        assertEquals(a.nics().get(0).uuid(), b.nics().get(0).uuid());
        assertNotEquals(a.nics().get(0).uuid(), a.nics().get(1).uuid());
        assertNotEquals(a.nics().get(0).uuid(), model("images/dalmatian/compute.yaml").nics().get(0).uuid());
    }
}
