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

    /** A TCP port a service listens on; {@code pointer} is where the definition sets it, null for a fixed one. */
    record Port(int number, String owner, String pointer) {}

    /** The TCP ports the node's services listen on, for the one-service-per-port rule. */
    List<Port> ports(Definition def);

    /** The accounts the elements' services run as, on this node or not: no user of the definition may take one. */
    Set<String> accounts();
    /** The package roles the node's elements ask for (the release catalog names their packages). */
    List<String> roles(Definition def);
}
