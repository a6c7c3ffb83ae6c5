package org.stackbake.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

@Command(name = "stackbake", mixinStandardHelpOptions = true, versionProvider = StackbakeCommand.Version.class,
        description = "Bakes golden OpenStack node images from RHEL-family cloud images.",
        subcommands = {ValidateCommand.class, RenderCommand.class},
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
        public String[] getVersion() throws IOException {
            return new String[] {"stackbake " + version()};
        }
    }

    /** The version Maven filtered into version.properties. */
    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = StackbakeCommand.class.getResourceAsStream("/org/stackbake/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }
}
