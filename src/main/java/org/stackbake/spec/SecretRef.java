package org.stackbake.spec;

/**
 * Where a secret's value comes from. Exactly one of: an environment variable of the build, a file
 * (relative to the definition that names it), or generation on the node at first boot.
 */
public record SecretRef(String env, String file, Boolean generate, Integer length) {

    public SecretRef {
        length = length == null ? 32 : length;
    }

    public enum Kind { ENV, FILE, GENERATE }

    /** The single source this reference names, or null when it names none or several. */
    public Kind kind() {
        int count = (env != null ? 1 : 0) + (file != null ? 1 : 0) + (Boolean.TRUE.equals(generate) ? 1 : 0);
        if (count != 1) {
            return null;
        }
        return env != null ? Kind.ENV : file != null ? Kind.FILE : Kind.GENERATE;
    }

    /** A description safe to print: says where the value comes from, never the value. */
    public String describe() {
        Kind kind = kind();
        if (kind == null) {
            return "invalid";
        }
        return switch (kind) {
            case ENV -> "env:" + env;
            case FILE -> "file:" + file;
            case GENERATE -> "generate:" + length;
        };
    }
}
