package org.stackbake.image;

/** A qcow2's allocated clusters and how many of them are stored compressed. */
public record ClusterCounts(long allocated, long compressed) {
    /** The compressed share of the allocated clusters; 0 for an empty image. */
    public double compressedShare() {
        return allocated == 0 ? 0 : (double) compressed / allocated;
    }
}
