package org.stackbake.release;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Optional;

/**
 * An OpenStack release as stackbake knows it: whether RDO publishes RPMs for it, the RDO release
 * package that sets up its repositories (absent when there is none) and the EL major versions it
 * is built for.
 */
public record Release(String name, String version, Status status, String repoPackage, List<Integer> elMajors) {

    public Release {
        status = status == null ? Status.UNKNOWN : status;
        elMajors = List.copyOf(elMajors);
    }

    /** Whether RDO packages exist for the release; RDO announced in March 2026 that it ends its RPM builds. */
    public enum Status {
        /** RDO publishes the release's packages and its release package. */
        RDO("rdo"),
        /** RDO published the release once but no longer does. */
        RDO_ENDED("rdo-ended"),
        /** Nobody is known to publish RPMs for the release: a definition must bring its own repositories. */
        UNKNOWN("unknown");

        private final String yaml;

        Status(String yaml) {
            this.yaml = yaml;
        }

        @JsonValue
        public String yaml() {
            return yaml;
        }
    }

    public boolean supportsElMajor(int major) {
        return elMajors.contains(major);
    }

    public boolean hasRdoPackages() {
        return status == Status.RDO;
    }

    /** The RDO release package to install, only when the release has one. */
    public Optional<String> rdoRepoPackage() {
        return Optional.ofNullable(repoPackage);
    }
}
