package org.stackbake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.files.ProcessRunner;

/** The launcher, CI entry points and benchmarks are shell: shellcheck must find nothing in them. */
@Tag("unit")
class RepositoryScriptsTest {

    @Test
    void shellScriptsAreShellcheckClean() throws Exception {
        List<String> command = List.of("shellcheck", "-x", "stackbake", ".ci/run", "ci/test.sh", "ci/build-images.sh",
                "ci/libguestfs-env.sh", "bench/render.sh", "bench/build-vs-virt-customize.sh",
                "src/main/resources/synthetic/bootable/customize.sh");
        ProcessRunner.Result shellcheck = new ProcessRunner().run(command, Duration.ofMinutes(5));
        assertEquals(0, shellcheck.exitCode(), shellcheck.stdout() + shellcheck.stderr());
    }
}
