package org.stackbake.service;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An element's first-boot step and what it needs.
 *
 * @param name     the file name without .sh ({@code 10-hostname}); steps run in name order
 * @param template the step template
 * @param secrets  env:/file: secrets the step needs, each shipped only as the hash its server stores
 * @param waits    how many times the step may wait up to the wait budget for a server to answer
 * @param workSeconds what the step may take beyond its waits (installs, CLI calls), for the unit's timeout
 */
public record FirstbootStep(String name, String template, List<SecretNeed> secrets, int waits, int workSeconds) {

    public static final String TEMPLATE_DIR = "usr/libexec/stackbake/firstboot.d/";
    /** Where the elements' shell fragments are ({@link ServiceElement#shellFragment}). */
    public static final String LIB_DIR = "usr/libexec/stackbake/lib.d/";

    public FirstbootStep {
        secrets = List.copyOf(secrets);
    }

    public static FirstbootStep of(String name, int waits, int workSeconds, SecretNeed... secrets) {
        return new FirstbootStep(name, TEMPLATE_DIR + name + ".sh.ftl", List.of(secrets), waits, workSeconds);
    }

    /**
     * A secret a step needs, as its server stores it: {@code form} names the hash in the delivery
     * file ({@code form:secret=hash}); {@code hash} computes it from the value at build time.
     * The value itself never enters the image.
     */
    public record SecretNeed(String secret, String form, UnaryOperator<String> hash) {}
}
