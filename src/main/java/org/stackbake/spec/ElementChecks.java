package org.stackbake.spec;

import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The checks of a definition that its service elements own: each element validates its own part.
 * The elements sit above spec (they read its records), so the validator finds them as a
 * {@link ServiceLoader} provider (registered in META-INF/services), as the guest backend is found.
 */
public interface ElementChecks {

    /** Whether a service this node runs needs a management address. */
    boolean needManagementAddress(Definition def);

    /** Each element the node gets reports the problems of its part. */
    void check(Definition def, DefinitionProblems problems);

    /** The ports the node's servers listen on, for the check that no two share one. */
    List<Port> ports(Definition def);

    /** The addresses the node's servers bind, for the check that the node has each. */
    List<Bind> binds(Definition def);

    /** The system accounts the servers' packages create (any element's): no user may take one over. */
    Set<String> accounts();

    /** who: as messages name it; at: the pointer that sets the port, null when it is fixed. */
    record Port(int port, String who, String at) {}

    /** at: the pointer that sets the address; who: as messages name the server. */
    record Bind(String at, String address, String who) {}
}
