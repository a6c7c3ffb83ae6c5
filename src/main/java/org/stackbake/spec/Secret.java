package org.stackbake.spec;

/** A resolved secret value. toString never shows it, so it cannot leak through logging or messages. */
public final class Secret {
    private final String name;
    private final String value;

    public Secret(String name, String value) {
        this.name = name;
        this.value = value;
    }

    public String name() {
        return name;
    }

    /** The plain value: call only where it goes into a hash or a 0600 file. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Secret[" + name + "=***]";
    }
}
