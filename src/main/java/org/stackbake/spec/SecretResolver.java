package org.stackbake.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads the values of env: and file: secrets at build time. generate: secrets have no value here:
 * they are created on the node at first boot. A file's single trailing newline is dropped, as
 * {@code echo pw > file} writes one.
 */
public final class SecretResolver {
    private final Function<String, String> environment;

    public SecretResolver(Function<String, String> environment) {
        this.environment = environment;
    }

    public static SecretResolver fromSystem() {
        return new SecretResolver(System::getenv);
    }

    /** Problems with every env:/file: source: unset variable, missing or unreadable file, empty value. */
    public List<SpecProblem> check(LoadedDefinition loaded) {
        List<SpecProblem> problems = new ArrayList<>();
        resolve(loaded, problems);
        return problems;
    }

    public Map<String, Secret> resolve(LoadedDefinition loaded) throws SpecException {
        List<SpecProblem> problems = new ArrayList<>();
        Map<String, Secret> values = resolve(loaded, problems);
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return values;
    }

    private Map<String, Secret> resolve(LoadedDefinition loaded, List<SpecProblem> problems) {
        Map<String, Secret> values = new TreeMap<>();
        loaded.definition().secrets().forEach((name, ref) -> {
            if (ref == null || ref.kind() == null || ref.kind() == SecretRef.Kind.GENERATE) {
                return;
            }
            String at = SourceMap.child("/secrets", name);
            Location where = loaded.sources().value(at + "/" + (ref.kind() == SecretRef.Kind.ENV ? "env" : "file"));
            String value = ref.kind() == SecretRef.Kind.ENV
                    ? fromEnv(name, ref.env(), where, problems)
                    : fromFile(name, loaded.baseDirFor(at + "/file").resolve(ref.file()), where, problems);
            if (value != null && value.isEmpty()) {
                problems.add(new SpecProblem(where, "secret '" + name + "' is empty", "give it a value"));
            } else if (value != null && value.indexOf('\0') >= 0) {
                problems.add(new SpecProblem(where, "secret '" + name + "' contains a NUL byte", "no tool can carry it"));
            } else if (value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0)) {
                problems.add(new SpecProblem(where, "secret '" + name + "' contains a line break",
                        "first boot hands values to its tools as one line: use a one-line value"));
            } else if (value != null) {
                values.put(name, new Secret(name, value));
            }
        });
        return values;
    }

    private String fromEnv(String name, String variable, Location where, List<SpecProblem> problems) {
        String value = environment.apply(variable);
        if (value == null) {
            problems.add(new SpecProblem(where, "secret '" + name + "': environment variable " + variable + " is not set",
                    "export " + variable + " before the build (it is read, never printed)"));
        }
        return value;
    }

    private static String fromFile(String name, Path file, Location where, List<SpecProblem> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(new SpecProblem(where, "secret '" + name + "': file not found: " + file,
                    "paths are relative to the definition that declares the secret"));
            return null;
        }
        try {
            String text = BoundedText.read(file, BoundedText.SECRET_LIMIT);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (BoundedText.Unreadable e) {
            // Where in the file, never what: the message must not carry any of the secret.
            problems.add(new SpecProblem(where, "secret '" + name + "': " + file + ": " + e.getMessage()
                    + (e.line > 0 ? " at line " + e.line + ", column " + e.column : ""),
                    "a secret file holds one line of UTF-8 text, " + BoundedText.human(BoundedText.SECRET_LIMIT) + " at most"));
            return null;
        }
    }
}
