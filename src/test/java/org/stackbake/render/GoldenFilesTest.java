package org.stackbake.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackbake.cli.CliRunner;

/**
 * Renders definitions through the CLI and compares every output file, byte for byte, with the
 * reviewed copies under src/test/resources/golden/. After an intended template change, refresh
 * them with {@code ci/test.sh -Dtest=GoldenFilesTest -Dgolden.update=true} and review the diff.
 */
@Tag("unit")
class GoldenFilesTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @TempDir
    Path out;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "epoxy-controller, images/epoxy/controller.yaml",
        "epoxy-compute,    images/epoxy/compute.yaml",
        "gazpacho-controller, images/gazpacho/controller.yaml",
        "hibiscus-compute, images/hibiscus/compute.yaml",
        "baremetal,            src/test/resources/defs/baremetal.yaml",
        "gazpacho-repositories, src/test/resources/defs/gazpacho-repositories.yaml"})
    void renderedTreeMatchesGoldenFiles(String name, String definition) throws IOException {
        Path rendered = out.resolve(name);
        CliRunner.Result result = CliRunner.run("render", definition, "-o", rendered.toString());
        assertEquals(0, result.exitCode(), result.err());

        Path golden = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            org.stackbake.files.FileTrees.delete(golden);
            copyTree(rendered, golden);
        }
        assertEquals(files(golden), files(rendered), "the set of rendered files differs from " + golden);
        for (String file : files(golden)) {
            assertEquals(Files.readString(golden.resolve(file)), Files.readString(rendered.resolve(file)),
                    "rendered " + file + " differs from " + golden.resolve(file));
        }
    }

    private static Set<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .collect(TreeSet::new, Set::add, Set::addAll);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
    }
}
