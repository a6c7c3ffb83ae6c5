package org.stackbake.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.stackbake.files.Jackson;
import org.stackbake.spec.DefinitionCollector;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.DefinitionWarnings;
import org.stackbake.spec.LoadedDefinition;
import org.stackbake.spec.SecretResolver;
import org.stackbake.spec.SpecException;
import org.stackbake.spec.SpecProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check definitions: structure, values, and that every env:/file: secret can be read.")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DEF|DIR", arity = "0..*",
            description = "Definitions or directories of them (default: images). Included fragments are checked through the files that include them.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--json", description = "Print machine-readable results on stdout.")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Allowed but probably not meant: printed, never a reason to exit non-zero. */
    static final String WARNING_PREFIX = "stackbake: warning: ";

    /** The --json document: overall verdict and one result per definition. */
    record Report(boolean valid, List<Result> results) {}

    record Result(String file, boolean valid, List<Problem> problems, List<Problem> warnings) {}

    /** One problem as --json prints it; {@code text} is the one-line terminal form. */
    record Problem(String file, int line, int column, String message, String hint, String text) {
        static Problem of(SpecProblem problem) {
            return new Problem(problem.location().file().toString(), problem.location().line(),
                    problem.location().column(), problem.message(), problem.hint(), problem.oneLine());
        }
    }

    @Override
    public Integer call() throws IOException, SpecException {
        List<Path> definitions = new DefinitionCollector().collect(paths.isEmpty() ? List.of(Path.of("images")) : paths);
        List<Result> results = new ArrayList<>();
        List<SpecProblem> problems = new ArrayList<>();
        for (Path path : definitions) {
            results.add(check(path, problems));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Jackson.PRETTY.writeValueAsString(new Report(problems.isEmpty(), results)));
        } else {
            for (Result result : results) {
                if (result.valid()) {
                    out.println("ok " + result.file());
                }
                for (Problem warning : result.warnings()) {
                    spec.commandLine().getErr().println(WARNING_PREFIX + warning.text());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecException(problems); // every problem of every file, one line each
        }
        return ExitCodes.OK;
    }

    /** Adds the file's problems to {@code all} too. */
    private Result check(Path path, List<SpecProblem> all) {
        List<SpecProblem> problems = new ArrayList<>();
        List<SpecProblem> warnings = new ArrayList<>();
        try {
            LoadedDefinition loaded = new DefinitionLoader().load(path);
            problems.addAll(SecretResolver.fromSystem().check(loaded));
            warnings.addAll(DefinitionWarnings.of(loaded));
        } catch (SpecException e) {
            problems.addAll(e.problems());
        }
        all.addAll(problems);
        return new Result(path.toString(), problems.isEmpty(), problems.stream().map(Problem::of).toList(),
                warnings.stream().map(Problem::of).toList());
    }
}
