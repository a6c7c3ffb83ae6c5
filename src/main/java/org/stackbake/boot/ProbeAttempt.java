package org.stackbake.boot;

/**
 * One try of a probe client: the service answered as it should, answered wrongly (final: no
 * point retrying), or did not answer yet (services come up 30-150 s after boot under TCG).
 */
record ProbeAttempt(Kind kind, String detail) {

    enum Kind { OK, WRONG_ANSWER, NO_ANSWER }

    static ProbeAttempt ok(String detail) {
        return new ProbeAttempt(Kind.OK, detail);
    }

    static ProbeAttempt wrong(String detail) {
        return new ProbeAttempt(Kind.WRONG_ANSWER, detail);
    }

    static ProbeAttempt noAnswer(String detail) {
        return new ProbeAttempt(Kind.NO_ANSWER, detail);
    }
}
