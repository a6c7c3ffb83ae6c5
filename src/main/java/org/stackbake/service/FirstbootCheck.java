package org.stackbake.service;

/**
 * One check of first boot's verification step, recorded in the report.
 *
 * @param command shell words run by the step (literals already quoted); succeeds when the service answers
 * @param version a shell command (one word: a lib.sh function) printing the server's version once
 *                the check passed, recorded beside it; empty when the check records none
 */
public record FirstbootCheck(String name, String detail, String command, String version) {

    public FirstbootCheck(String name, String detail, String command) {
        this(name, detail, command, "");
    }
}
