package org.stackbake.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.stackbake.StackbakeException;
import org.stackbake.pipeline.VerifyReport;
import org.stackbake.pipeline.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Open a built image read-only and check every file of the definition (content, mode, owner)"
                + " and the enabled units, then run each configured service's installed program in the guest to"
                + " check its config (ok, failed or not installed). Without --def, checks against the image's .json"
                + " manifest. Exit 1 on a file difference or a failed service check.")
final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IMAGE", description = "A qcow2 built by stackbake.")
    Path image;

    @Option(names = "--def", paramLabel = "DEF", description = "Definition to check against (rendered as `render` does).")
    Path definition;

    @Mixin
    TemplatesOption templates;

    @Mixin
    AccelOption accel;

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        VerifyReport report = new Verifier(out::println).verify(image, definition, templates.directory, accel.accel);
        report.problems().forEach(p -> out.println(image + ": " + p));
        report.services().forEach(s -> out.println(s.line()));
        out.println(report.summary());
        if (!report.ok()) {
            throw StackbakeException.failure(image + " does not match: " + report.summary(),
                    "the lines above name each difference and each failed check", null);
        }
        return ExitCodes.OK;
    }
}
