package org.stackbake.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.stackbake.StackbakeException;
import org.stackbake.image.BaseCache;
import org.stackbake.image.BuildManifest;
import org.stackbake.image.ImageInfo;
import org.stackbake.files.ProcessRunner;
import org.stackbake.image.QemuImg;
import org.stackbake.image.Sidecars;
import org.stackbake.firstboot.Firstboot;
import org.stackbake.render.NodeRenderer;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.GuestBackend;
import org.stackbake.guest.api.GuestBackends;
import org.stackbake.service.ServiceCheck;
import org.stackbake.service.ServiceCheckResult;

/**
 * `stackbake verify`: re-opens an image read-only, compares it with its definition or manifest and,
 * in the same appliance, lets each configured service's installed program check its config.
 */
public final class Verifier {
    private final Consumer<String> out;
    private final Supplier<GuestBackend> backends;

    public Verifier(Consumer<String> out) {
        this(out, GuestBackends::load);
    }

    Verifier(Consumer<String> out, Supplier<GuestBackend> backends) {
        this.out = out;
        this.backends = backends;
    }

    public VerifyReport verify(Path image, Path definition, Path templates, Accel accel) throws Exception {
        if (!Files.isRegularFile(image)) {
            throw StackbakeException.invalidInput(image + ": no such image", "give the path of a qcow2 built by stackbake");
        }
        List<ExpectedFile> expected = definition != null ? fromDefinition(definition, templates) : fromManifest(image);
        ImageInfo info = new QemuImg(new ProcessRunner()).info(image);
        try (GuestSession guest = backends.get().open(image, info.format(), true, accel, out)) {
            List<String> problems = new ArrayList<>(new ImageVerifier().verify(guest, expected));
            if (expected.stream().anyMatch(f -> f.path().equals(Firstboot.UNIT_PATH)) && !guest.exists(
                    "/etc/systemd/system/" + Firstboot.UNIT_WANTED_BY + ".wants/" + Firstboot.UNIT_NAME)) {
                problems.add(Firstboot.UNIT_NAME + " is not enabled");
            }
            List<ServiceCheckResult> services = ServiceCheck.impliedBy(expected.stream().map(ExpectedFile::path).toList())
                    .stream().map(check -> check.run(guest)).toList();
            return new VerifyReport(expected.size(), problems, services);
        }
    }

    private static List<ExpectedFile> fromDefinition(Path definition, Path templates) throws Exception {
        return new NodeRenderer(templates).render(new DefinitionLoader().load(definition), Map.of()).entries().stream()
                .map(ExpectedFile::of).toList();
    }

    private static List<ExpectedFile> fromManifest(Path image) throws IOException {
        Path manifest = Sidecars.manifestFile(image);
        if (!Files.isRegularFile(manifest)) {
            throw StackbakeException.invalidInput(image + ": no manifest " + manifest.getFileName() + " beside it",
                    "pass --def DEF to verify against a definition instead");
        }
        List<ExpectedFile> expected = new ArrayList<>();
        for (BuildManifest.InjectedFile file : Sidecars.readManifest(manifest).files()) {
            String[] owner = file.owner().split(":", 2);
            expected.add(new ExpectedFile(file.path(), Integer.parseInt(file.mode(), 8), owner[0], owner[1], file.sha256()));
        }
        return expected;
    }
}
