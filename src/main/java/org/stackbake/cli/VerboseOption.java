package org.stackbake.cli;

import picocli.CommandLine.Option;

/** Mixed into every subcommand: the error mapper looks for it to add stack traces. */
final class VerboseOption {
    @Option(names = "--verbose", description = "Show stack traces on errors.")
    boolean verbose;
}
