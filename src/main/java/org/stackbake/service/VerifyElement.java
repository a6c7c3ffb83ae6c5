package org.stackbake.service;

import java.util.Optional;
import org.stackbake.spec.Definition;

/** First-boot step 90-verify: runs every element's first-boot check and records them in the report. */
public final class VerifyElement implements ServiceElement {

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public boolean appliesTo(Definition def) {
        return true;
    }

    /** Each wait for a server unit, then each check, may take the whole wait budget. */
    @Override
    public Optional<FirstbootStep> firstbootStep(Definition def) {
        return Optional.of(FirstbootStep.of("90-verify", Elements.units(def).size() + Elements.firstbootChecks(def).size(), 30));
    }
}
