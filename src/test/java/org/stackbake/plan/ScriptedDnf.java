package org.stackbake.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.stackbake.files.FileTrees;
import org.stackbake.guest.api.GuestRun;

/**
 * The guest programs of a package op's test, scripted over a {@link DirectoryGuest}: rm deletes
 * below the directory, every dnf call is recorded, and dnf's transaction (the call with the given
 * verb: install, upgrade) fails with {@link #failure} when one is set, else applies the test's
 * effect on its rpm database and prints Complete!. Other programs answer as the test scripts them
 * with {@link #program}; an unscripted one fails the test.
 */
final class ScriptedDnf implements Function<List<String>, GuestRun> {
    /** Every dnf call, in order. */
    final List<List<String>> calls = new ArrayList<>();
    /** When set, what dnf's transaction fails with. */
    String failure;
    /** Checked at each dnf call, so a test can assert what the guest holds while dnf runs. */
    Runnable whileDnfRuns = () -> { };
    /** What dnf prints for a call that is not the transaction (a listing, a clean). */
    Function<List<String>, String> queries = argv -> "";

    private final DirectoryGuest guest;
    private final String verb;
    private final Consumer<List<String>> transaction;
    private final Map<String, Function<List<String>, GuestRun>> programs = new HashMap<>();

    private ScriptedDnf(DirectoryGuest guest, String verb, Consumer<List<String>> transaction) {
        this.guest = guest;
        this.verb = verb;
        this.transaction = transaction;
    }

    /** Puts /usr/bin/dnf in the guest and answers its programs from now on; transaction applies the effect of dnf's call with verb. */
    static ScriptedDnf installIn(DirectoryGuest guest, String verb, Consumer<List<String>> transaction) throws IOException {
        Files.createDirectories(guest.resolve("/usr/bin"));
        Files.writeString(guest.resolve(GuestDnf.DNF), "");
        ScriptedDnf dnf = new ScriptedDnf(guest, verb, transaction);
        guest.programs = dnf;
        return dnf;
    }

    /** Scripts what another guest program (rpm, find …) answers. */
    ScriptedDnf program(String name, Function<List<String>, GuestRun> answer) {
        programs.put(name, answer);
        return this;
    }

    @Override
    public GuestRun apply(List<String> argv) {
        switch (argv.get(0)) {
            case "rm" -> {
                argv.stream().skip(2).forEach(this::deleteInGuest);
                return GuestRun.succeeded("");
            }
            case GuestDnf.DNF -> {
                calls.add(argv);
                whileDnfRuns.run();
                if (!argv.contains(verb)) {
                    return GuestRun.succeeded(queries.apply(argv));
                }
                if (failure != null) {
                    return GuestRun.failed(failure);
                }
                transaction.accept(argv);
                return GuestRun.succeeded("Complete!\n");
            }
            default -> {
                Function<List<String>, GuestRun> program = programs.get(argv.get(0));
                if (program == null) {
                    throw new AssertionError("unexpected guest program " + argv);
                }
                return program.apply(argv);
            }
        }
    }

    private void deleteInGuest(String path) {
        try {
            FileTrees.delete(guest.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
