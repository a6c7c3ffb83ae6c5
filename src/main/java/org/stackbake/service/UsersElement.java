package org.stackbake.service;

import java.util.Optional;
import org.stackbake.spec.Definition;
import org.stackbake.spec.SecretRef;

/**
 * Login users and a generated root password: first-boot step 20-users. (Passwords from env:/file:
 * arrive as SHA-512 crypt hashes made at build time; root's goes straight into /etc/shadow.)
 */
public final class UsersElement implements ServiceElement {

    @Override
    public String name() {
        return "users";
    }

    @Override
    public boolean appliesTo(Definition def) {
        return !def.users().isEmpty() || generatedRoot(def);
    }

    @Override
    public Optional<FirstbootStep> firstbootStep(Definition def) {
        return Optional.of(FirstbootStep.of("20-users", 0, 60));
    }

    private static boolean generatedRoot(Definition def) {
        SecretRef root = def.rootPassword() == null ? null : def.secrets().get(def.rootPassword());
        return root != null && root.kind() == SecretRef.Kind.GENERATE;
    }
}
