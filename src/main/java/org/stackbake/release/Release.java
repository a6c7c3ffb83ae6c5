package org.stackbake.release;

import java.util.List;

/**
 * An OpenStack release as stackbake knows it: the RDO release package that sets up its
 * repositories and the EL major versions RDO publishes it for.
 */
public record Release(String name, String version, String repoPackage, List<Integer> elMajors) {

    public boolean supportsElMajor(int major) {
        return elMajors.contains(major);
    }
}
