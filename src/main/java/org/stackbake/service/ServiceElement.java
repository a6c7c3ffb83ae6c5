package org.stackbake.service;

import java.util.List;
import java.util.Optional;
import org.stackbake.service.NodeModel;
import org.stackbake.spec.Definition;
import org.stackbake.spec.DefinitionProblems;
import org.stackbake.spec.ElementChecks;

/**
 * Everything stackbake knows about one service or node-level concern, in one class: how its part
 * of the definition is validated, which packages and units it brings, which files it renders,
 * its first-boot step and the secrets that step needs, its checks (first boot, {@code verify},
 * boot test). {@link Elements} lists them in order; the pipeline iterates that list. Adding a
 * service is one element (plus its definition record and templates) and one line in the registry.
 */
public interface ServiceElement {

    /** The element's name; for a service also the key of its template model ({@code <name>.<value>} in templates). */
    String name();

    /** Whether the node gets this element: a service when configured under services:, node-level ones always. */
    boolean appliesTo(Definition def);

    /** Reports problems with this element's part of the definition. Runs only when {@link #appliesTo}. */
    default void validate(Definition def, DefinitionProblems problems) {}

    /** The TCP ports its service listens on (no two services of a node may share one). */
    default List<ElementChecks.Port> ports(Definition def) {
        return List.of();
    }

    /** The system accounts its service runs as, which no user of a definition may be named. */
    default List<String> accounts() {
        return List.of();
    }

    /** Whether its defaults derive from the management address (the validator then requires one). */
    default boolean needsManagementAddress(Definition def) {
        return false;
    }

    /** Packages named the same in every release and EL major (the distribution's), in install order. */
    default List<String> packages(Definition def) {
        return List.of();
    }

    /**
     * The package roles it needs ("openstack-client"), in install order: the release's catalog says,
     * per EL major, which source serves each and under which names (render.NodePackages resolves them).
     */
    default List<String> roles(Definition def) {
        return List.of();
    }

    /** Server units, in start order: the build enables them, first boot enables and starts them. */
    default List<String> units(Definition def) {
        return List.of();
    }

    /** The values its templates read, published under {@link #name()} in the node model; null for none. */
    default Object model(Definition def, NodeFacts node) {
        return null;
    }

    /** The files it renders into the image. */
    default List<ElementFile> files(Definition def, NodeModel node) {
        return List.of();
    }

    /** Its numbered first-boot step, if it has one. */
    default Optional<FirstbootStep> firstbootStep(Definition def) {
        return Optional.empty();
    }

    /**
     * Its shell for first boot (tool defaults, functions its step and checks call): a template
     * appended to lib.sh on the nodes that get it, so the shared library holds only what every
     * step needs. Under {@link FirstbootStep#LIB_DIR}.
     */
    default Optional<String> shellFragment() {
        return Optional.empty();
    }

    /** What first boot's verification step checks for it once every step ran. */
    default List<FirstbootCheck> firstbootChecks(Definition def, NodeFacts node) {
        return List.of();
    }

    /** The {@code verify} command's in-guest check of its config, run with the image's own program. */
    default Optional<ServiceCheck> verifyCheck() {
        return Optional.empty();
    }

    /** What a boot test checks from outside the booted node. */
    default List<Probe> probes(Definition def) {
        return List.of();
    }
}
