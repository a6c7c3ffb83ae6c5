package org.stackbake.image;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Run in a child JVM by {@link DefaultOutputNameTest}: chooses a default name in the directory
 * given (dated by the instant given), prints it, and holds the reservation until its standard input closes.
 */
public final class ReserveOutputName {
    public static void main(String[] args) throws Exception {
        System.out.println(DefaultOutputName.next(Path.of(args[0]), "controller", "epoxy", Clock.fixed(java.time.Instant.parse(args[1]), java.time.ZoneOffset.UTC)));
        System.out.flush();
        System.in.readAllBytes();
    }
}
