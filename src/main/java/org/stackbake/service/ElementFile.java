package org.stackbake.service;

/**
 * A file an element renders: its guest path, mode, owner, and the template that makes it.
 *
 * @param template a template name ({@code etc/hosts.ftl}), or null for an empty file
 * @param data     the template's model, or null for the node model
 */
public record ElementFile(String path, int mode, String owner, String template, Object data) {

    /** A root-owned file rendered from the node model. */
    public static ElementFile of(String template, String path, int mode) {
        return new ElementFile(path, mode, "root", template, null);
    }

    public static ElementFile empty(String path, int mode) {
        return new ElementFile(path, mode, "root", null, null);
    }
}
