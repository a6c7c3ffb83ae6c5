package org.stackbake.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.stackbake.StackbakeException;
import org.stackbake.boot.BootResult;
import org.stackbake.boot.BootSpec;
import org.stackbake.boot.BootTest;
import org.stackbake.boot.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "boot-test", mixinStandardHelpOptions = true,
        description = "Boot a built image on a throw-away overlay under qemu (the image is not modified), follow first"
                + " boot on the serial console, check each service of the node from outside with its own protocol"
                + " through 127.0.0.1 port forwards, power off and print the first-boot report. No traffic leaves the"
                + " machine. Exit 0 only when first boot is done and every check passed.")
final class BootTestCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IMAGE", description = "A qcow2 built by stackbake.")
    Path image;

    @Option(names = "--def", paramLabel = "DEF",
            description = "The definition the image was built from (default: the one its .json manifest names).")
    Path definition;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "20m",
            description = "From power-on to the last check, e.g. 90s, 20m, 1h. Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Mixin
    AccelOption accel;

    @Option(names = "--memory", paramLabel = "MB", defaultValue = "2048", description = "Guest memory. Default: ${DEFAULT-VALUE}.")
    int memoryMb;

    @Option(names = "--console", paramLabel = "FILE",
            description = "Where the serial console goes (default: IMAGE.console.log beside the image).")
    Path console;

    @Option(names = "--reboot", description = "Then boot the same disk a second time: first boot must not run again and"
            + " every service must come back (services that start before the network is up fail here).")
    boolean reboot;

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BootSpec boot = BootSpec.of(image).withTimeout(Durations.parse(timeout, "--timeout")).withAccel(accel.accel)
                .withMemoryMb(memoryMb);
        if (definition != null) {
            boot = boot.withDefinition(definition);
        }
        if (console != null) {
            boot = boot.withConsole(console);
        }
        BootTest bootTest = new BootTest(line -> {
            out.println(line);
            out.flush();
        });
        List<BootResult> results = reboot ? bootTest.runWithReboot(boot) : List.of(bootTest.run(boot));
        for (BootResult result : results) {
            print(out, result);
        }
        BootResult last = results.get(results.size() - 1);
        if (results.stream().allMatch(BootResult::passed) && results.size() == (reboot ? 2 : 1)) {
            out.println("boot test passed (" + last.accelerator() + (reboot ? ", two boots" : "") + ")");
            return ExitCodes.OK;
        }
        out.println("--- last " + last.consoleTail().size() + " console lines");
        last.consoleTail().forEach(out::println);
        out.println("---");
        out.flush();
        throw StackbakeException.failure(image + ": boot test failed" + (results.size() == 2 ? " on the second boot" : "")
                + ": " + last.verdict(), "the console log has the whole boot: " + last.console(), null);
    }

    private static void print(PrintWriter out, BootResult result) {
        result.report().ifPresent(report -> report.table().forEach(out::println));
        if (!result.probes().isEmpty()) {
            out.println("checks from outside:");
            result.probes().forEach(p -> out.println("  " + p.line()));
        }
        out.println("console: " + result.console());
    }
}
