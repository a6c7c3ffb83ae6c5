package org.stackbake.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

@Command(name = "stackbake", mixinStandardHelpOptions = true, versionProvider = StackbakeCommand.Version.class,
        description = "Bakes golden OpenStack node images from RHEL-family cloud images.",
        subcommands = {ValidateCommand.class, RenderCommand.class, BuildCommand.class, VerifyCommand.class,
            BootTestCommand.class, ReleasesCommand.class, BaseCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 invalid input or usage."})
public final class StackbakeCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"stackbake " + org.stackbake.Version.current()};
        }
    }
}
