package org.stackbake.spec;

import java.util.ServiceLoader;

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
}
