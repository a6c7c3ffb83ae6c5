package org.stackbake.spec;

import java.util.regex.Pattern;

/** The syntax rules for names the guest's files and tools accept. */
public final class Names {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern CONNECTION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DEFINITION_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** RPM package names (and what dnf resolves them by): no leading '-', so never an option to dnf. */
    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]{0,127}");
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, 253 chars at most. */
    public static boolean isHostname(String name) {
        if (name == null || name.isEmpty() || name.length() > 253 || name.endsWith(".")) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !name.matches("[0-9.]+");
    }

    public static boolean isMac(String mac) {
        return mac != null && MAC.matcher(mac).matches();
    }

    public static boolean isInterface(String name) {
        return name != null && INTERFACE.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    public static boolean isConnectionId(String id) {
        return id != null && CONNECTION_ID.matcher(id).matches();
    }

    public static boolean isUser(String name) {
        return name != null && USER.matcher(name).matches();
    }

    public static boolean isIdentifier(String name) {
        return name != null && IDENTIFIER.matcher(name).matches();
    }

    public static boolean isEnvVar(String name) {
        return name != null && ENV_VAR.matcher(name).matches();
    }

    public static boolean isDefinitionName(String name) {
        return name != null && DEFINITION_NAME.matcher(name).matches();
    }

    public static boolean isPackageName(String name) {
        return name != null && PACKAGE.matcher(name).matches();
    }

    /** A repository name: it becomes the dnf repo id stackbake-NAME and the file stackbake-NAME.repo. */
    public static boolean isRepositoryName(String name) {
        return name != null && REPOSITORY.matcher(name).matches();
    }

    private Names() {}
}
