package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.files.FileTrees;
import org.stackbake.files.ProcessRunner;
import org.stackbake.files.TarWriter;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.guest.api.MountScope;
import org.stackbake.image.OutputCompression;
import org.stackbake.image.QemuImg;
import org.stackbake.pipeline.ExpectedFile;
import org.stackbake.pipeline.ImageVerifier;
import org.stackbake.plan.DiscardUnusedBlocks;
import org.stackbake.plan.GuestOp;
import org.stackbake.plan.Planner;
import org.stackbake.render.FileTree;
import org.stackbake.render.NodeRenderer;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.LoadedDefinition;
import org.stackbake.spec.SecretResolver;

/**
 * Real libguestfs: the same inputs (the shipped controller's plan on the synthetic Rocky base, and
 * a 32 MiB file written and deleted in the guest, as a package cache would be) applied twice, once
 * without the plan's last op: the discarded image is smaller by what was freed and still holds
 * every planned file.
 */
@Tag("libguestfs")
class DiscardIntegrationTest {
    private static final int FREED = 32 << 20;

    @Test
    void discardingUnusedBlocksShrinksTheImageAndKeepsEveryFile() throws Exception {
        Path base = GuestTestSupport.syntheticBase("rocky-9");
        Path work = Files.createTempDirectory("stackbake-discard-");
        try {
            Path definition = GuestTestSupport.shippedControllerInstalledAtFirstBoot(work.resolve("defs"));
            LoadedDefinition loaded = new DefinitionLoader().load(definition);
            FileTree tree = new NodeRenderer(null).render(loaded, new SecretResolver(System::getenv).resolve(loaded));
            List<GuestOp> plan = new Planner().plan(loaded.definition(), tree, Map.of(), Instant.EPOCH);
            assertEquals(new DiscardUnusedBlocks(), plan.get(plan.size() - 1));

            byte[] cache = new byte[FREED];
            new Random(18).nextBytes(cache);   // incompressible, as packages are
            Path tar = work.resolve("cache.tar");
            try (TarWriter writer = TarWriter.create(tar)) {
                writer.file("var/cache/dnf/packages.bin", 0644, 0, 0, Instant.EPOCH, cache);
            }
            QemuImg qemuImg = new QemuImg(new ProcessRunner());
            Path untrimmed = build(base, work, "untrimmed", tar, plan.subList(0, plan.size() - 1), qemuImg);
            Path trimmed = build(base, work, "trimmed", tar, plan, qemuImg);

            long without = Files.size(untrimmed);
            long with = Files.size(trimmed);
            assertTrue(with + FREED * 3L / 4 < without, "discarded " + with + " vs not " + without + " bytes");

            List<ExpectedFile> expected = tree.entries().stream().map(ExpectedFile::of).toList();
            try (GuestSession image = new LibguestfsBackend().open(trimmed, "qcow2", true, GuestTestSupport.accel(),
                    line -> { })) {
                assertEquals(List.of(), new ImageVerifier().verify(image, expected));
            }
        } finally {
            FileTrees.delete(work);
        }
    }

    /** An overlay of base with the freed file and the ops, converted uncompressed (sizes then count blocks). */
    private static Path build(Path base, Path work, String name, Path tar, List<GuestOp> ops, QemuImg qemuImg)
            throws Exception {
        Path overlay = GuestTestSupport.overlayOf(base, work.resolve(name + "-overlay.qcow2"));
        try (GuestSession guest = new LibguestfsBackend().open(overlay, "qcow2", false, GuestTestSupport.accel(),
                line -> { }, false, MountScope.holding(List.of("/etc", "/usr", "/var")))) {
            guest.extractTar(tar);
            // Written back, as a long install's cache is; deleted before writeback, it would never reach the disk.
            guest.run(List.of("/usr/bin/sync"));
            guest.remove("/var/cache/dnf/packages.bin");
            for (GuestOp op : ops) {
                op.apply(guest);
            }
        }
        Path output = work.resolve(name + ".qcow2");
        qemuImg.convert(overlay, output, OutputCompression.NONE);
        return output;
    }
}
