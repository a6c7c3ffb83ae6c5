package org.stackbake.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.stackbake.spec.Definition;

/**
 * The registry: every element in order. The order is the order of packages, units (start order)
 * and first-boot checks; steps run in the order of their names. Adding a service means adding
 * its element here.
 */
public final class Elements {
    public static final List<ServiceElement> ALL = List.of(
            new PackagesElement(),
            new ChronyElement(),
            new OpenStackClientElement(),
            new SecurityElement(),
            new HostsElement(),
            new HostnameElement(),
            new NetworkElement(),
            new CloudInitElement(),
            new UsersElement(),
            new MariaDbElement(),
            new RabbitMqElement(),
            new MemcachedElement(),
            new EtcdElement(),
            new VerifyElement());

    private Elements() {}

    /** The elements this node gets, in registry order. */
    public static List<ServiceElement> of(Definition def) {
        return ALL.stream().filter(e -> e.appliesTo(def)).toList();
    }

    /** The package roles of the node's elements, in registry order. */
    public static List<String> roles(Definition def) {
        LinkedHashSet<String> roles = new LinkedHashSet<>();
        of(def).forEach(e -> roles.addAll(e.roles(def)));
        return List.copyOf(roles);
    }

    /** The node's server units in start order. */
    public static List<String> units(Definition def) {
        List<String> units = new ArrayList<>();
        of(def).forEach(e -> units.addAll(e.units(def)));
        return List.copyOf(units);
    }

    /** The node's first-boot steps in run (name) order. */
    public static List<FirstbootStep> firstbootSteps(Definition def) {
        return of(def).stream().map(e -> e.firstbootStep(def)).flatMap(Optional::stream)
                .sorted(Comparator.comparing(FirstbootStep::name)).toList();
    }

    /** The shell fragments of the node's elements, in element order. */
    public static List<String> shellFragments(Definition def) {
        return of(def).stream().flatMap(e -> e.shellFragment().stream()).toList();
    }

    public static List<FirstbootCheck> firstbootChecks(Definition def) {
        NodeFacts facts = NodeFacts.of(def);
        List<FirstbootCheck> checks = new ArrayList<>();
        of(def).forEach(e -> checks.addAll(e.firstbootChecks(def, facts)));
        return List.copyOf(checks);
    }

    /** Every element's in-guest check, whether or not a given image has its service. */
    public static List<ServiceCheck> verifyChecks() {
        return ALL.stream().map(ServiceElement::verifyCheck).flatMap(Optional::stream).toList();
    }

    /** What a boot test of this node checks from outside. */
    public static List<Probe> probes(Definition def) {
        List<Probe> probes = new ArrayList<>();
        of(def).forEach(e -> probes.addAll(e.probes(def)));
        return List.copyOf(probes);
    }
}
