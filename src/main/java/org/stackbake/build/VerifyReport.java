package org.stackbake.build;

import java.util.List;

/** The outcome of verify: what was checked and every difference found. */
public record VerifyReport(int filesChecked, List<String> problems) {

    public String summary() {
        return problems.isEmpty() ? "verified " + filesChecked + " files: ok"
                : "verified " + filesChecked + " files: " + problems.size() + " problem(s)";
    }
}
