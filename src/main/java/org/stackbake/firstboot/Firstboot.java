package org.stackbake.firstboot;

/**
 * Where first boot lives in the guest. The build installs the files {@link FirstbootFiles} renders
 * and enables {@link #UNIT_NAME} with a symlink in {@link #UNIT_WANTED_BY}{@code .wants}. The
 * scripts read these same paths as defaults (rendered into lib.sh), each overridable by an
 * environment variable so tests can run the rendered scripts against servers in temp dirs.
 */
public final class Firstboot {
    /** The systemd unit that runs first boot; enabled by a symlink in multi-user.target.wants. */
    public static final String UNIT_NAME = "stackbake-firstboot.service";
    public static final String UNIT_PATH = "/usr/lib/systemd/system/" + UNIT_NAME;
    public static final String UNIT_WANTED_BY = "multi-user.target";

    public static final String LIBEXEC_DIR = "/usr/libexec/stackbake";
    /** Runs the numbered steps in order; overridable paths: see lib.sh. */
    public static final String RUNNER_PATH = LIBEXEC_DIR + "/firstboot";
    public static final String LIB_PATH = LIBEXEC_DIR + "/lib.sh";
    public static final String STEPS_DIR = LIBEXEC_DIR + "/firstboot.d";
    /** Sets up the release's repositories and installs the node's packages; run by step 05-packages. */
    public static final String INSTALL_PACKAGES_PATH = LIBEXEC_DIR + "/install-packages.sh";

    public static final String STATE_DIR = "/var/lib/stackbake";
    /** Service passwords from env:/file: secrets, {@code name=base64(value)} per line, 0600; deleted after success. */
    public static final String SECRETS_PATH = STATE_DIR + "/firstboot-secrets";
    /** SHA-512 crypt hashes of user passwords from env:/file: secrets, chpasswd -e lines, 0600; deleted after success. */
    public static final String USER_HASHES_PATH = STATE_DIR + "/firstboot-user-hashes";
    public static final String DONE_MARKER = STATE_DIR + "/firstboot.done";
    public static final String REPORT_PATH = STATE_DIR + "/firstboot-report.json";
    /** Passwords generated on the node for the operator: {@code name=value} lines, 0600. */
    public static final String PASSWORDS_PATH = "/root/stackbake-passwords";

    private Firstboot() {}
}
