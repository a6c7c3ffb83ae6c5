package org.stackbake.guest.api;

/**
 * How a guest program ended. libguestfs reports no exit status: a program that exits non-zero (or
 * cannot start) is a failed call whose error text is the program's standard error.
 *
 * @param succeeded exit status 0
 * @param output    standard output when it succeeded, else the error text
 */
public record GuestRun(boolean succeeded, String output) {

    public static GuestRun succeeded(String stdout) {
        return new GuestRun(true, stdout);
    }

    public static GuestRun failed(String error) {
        return new GuestRun(false, error);
    }
}
