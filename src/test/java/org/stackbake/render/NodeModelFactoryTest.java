package org.stackbake.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.service.EtcdElement;
import org.stackbake.service.MariaDbElement;
import org.stackbake.service.MemcachedElement;
import org.stackbake.service.NodeModel;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.SpecException;

@Tag("unit")
class NodeModelFactoryTest {

    private static NodeModel model(String path) throws SpecException {
        return new NodeModelFactory().create(new DefinitionLoader().load(Path.of(path)).definition());
    }

    @Test
    void derivesServiceAddressesFromTheManagementNic() throws SpecException {
        NodeModel controller = model("images/epoxy/controller.yaml");
        assertEquals("192.168.8.10", controller.managementAddress());
        assertEquals("192.168.8.10", controller.service("mariadb", MariaDbElement.Model.class).bindAddress());
        assertEquals("127.0.0.1,::1,controller", controller.service("memcached", MemcachedElement.Model.class).listen());
        assertEquals("http://192.168.8.10:2379", controller.service("etcd", EtcdElement.Model.class).clientUrl());
        assertEquals("controller=http://192.168.8.10:2380", controller.service("etcd", EtcdElement.Model.class).initialCluster());
        assertEquals("centos-release-openstack-epoxy", controller.release().repoPackage());
    }

    @Test
    void computeHasNoControllerServices() throws SpecException {
        NodeModel compute = model("images/epoxy/compute.yaml");
        for (String service : List.of("mariadb", "rabbitmq", "memcached", "etcd")) {
            assertNull(compute.service(service, Object.class), service);
        }
        assertEquals("192.168.8.20", compute.managementAddress());
    }

    @Test
    void keyfileUuidsAreStablePerDefinitionAndNic() throws SpecException {
        NodeModel a = model("images/epoxy/controller.yaml");
        NodeModel b = model("images/epoxy/controller.yaml");
        assertEquals(a.nics().get(0).uuid(), b.nics().get(0).uuid());
        assertNotEquals(a.nics().get(0).uuid(), a.nics().get(1).uuid());
        assertNotEquals(a.nics().get(0).uuid(), model("images/epoxy/compute.yaml").nics().get(0).uuid());
    }
}
