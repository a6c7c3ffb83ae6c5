package org.stackbake.firstboot;

/**
 * Where first boot lives in the guest. The build installs the files render.FirstbootFiles renders
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
    /**
     * Hashes of env:/file: service passwords in the form each server stores them, made at build
     * time: {@code form:secret=hash} per line, 0600; deleted after success. Never a password.
     */
    public static final String SERVICE_HASHES_PATH = STATE_DIR + "/firstboot-service-hashes";
    /** SHA-512 crypt hashes of user passwords from env:/file: secrets, chpasswd -e lines, 0600; deleted after success. */
    public static final String USER_HASHES_PATH = STATE_DIR + "/firstboot-user-hashes";
    public static final String DONE_MARKER = STATE_DIR + "/firstboot.done";
    public static final String REPORT_PATH = STATE_DIR + "/firstboot-report.json";
    /** One {@code NAME.done} file per finished step, holding its duration. */
    public static final String STEP_STATE_DIR = STATE_DIR + "/firstboot.state";
    /** Held (flock) by the running runner, so two runs never overlap. */
    public static final String LOCK_PATH = STATE_DIR + "/firstboot.lock";
    /** The verification step's results, which the runner puts into the report. */
    public static final String CHECKS_PATH = STATE_DIR + "/firstboot-checks.json";
    /** Mode of the state directory: it holds the delivery files. */
    public static final int STATE_DIR_MODE = 0700;
    /** Where the runner writes its progress lines (best effort) for whoever watches the console. */
    public static final String CONSOLE = "/dev/console";
    /** How long a step waits for a server to answer, in seconds (each wait). */
    public static final int WAIT_SECONDS = 300;
    /** The runner's own time besides the steps: report, marker, starting the step shells. */
    public static final int RUNNER_MARGIN_SECONDS = 120;
    /** Passwords generated on the node for the operator: {@code name=value} lines, 0600. */
    public static final String PASSWORDS_PATH = "/root/stackbake-passwords";

    private Firstboot() {}
}
