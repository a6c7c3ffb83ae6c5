package org.stackbake.service;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.stackbake.spec.Definition;
import org.stackbake.spec.DefinitionProblems;
import org.stackbake.spec.ElementChecks;

/** The elements' checks as the definition validator asks for them (a ServiceLoader provider). */
public final class ElementDefinitionChecks implements ElementChecks {

    @Override
    public boolean needManagementAddress(Definition def) {
        return Elements.of(def).stream().anyMatch(e -> e.needsManagementAddress(def));
    }

    @Override
    public void check(Definition def, DefinitionProblems problems) {
        Elements.of(def).forEach(e -> e.validate(def, problems));
    }

    @Override
    public List<Port> ports(Definition def) {
        return Elements.of(def).stream().flatMap(e -> e.ports(def).stream()).toList();
    }

    @Override
    public Set<String> accounts() {
        return Elements.ALL.stream().flatMap(e -> e.accounts().stream()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public List<String> roles(Definition def) {
        return Elements.roles(def);
    }
}
