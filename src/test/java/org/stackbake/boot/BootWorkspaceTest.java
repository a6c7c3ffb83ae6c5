package org.stackbake.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.StackbakeException;
import org.stackbake.image.ImageInfo;
import org.stackbake.files.ProcessRunner;
import org.stackbake.image.QemuImg;

@Tag("unit")
class BootWorkspaceTest {
    @TempDir
    Path dir;

    @Test
    void theOverlayHasTheImageAsBackingFileAndGoesAwayOnClose() throws Exception {
        Path image = dir.resolve("controller.qcow2");
        assertEquals(0, new ProcessBuilder("qemu-img", "create", "-f", "qcow2", image.toString(), "64M").start().waitFor());
        byte[] before = Files.readAllBytes(image);
        Path work = dir.resolve("work");
        Path workspaceDir;
        try (BootWorkspace workspace = BootWorkspace.create(work, image)) {
            workspaceDir = workspace.overlay().getParent();
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(workspaceDir)));
            ImageInfo info = new QemuImg(new ProcessRunner()).info(workspace.overlay());
            assertEquals("qcow2", info.format());
            assertEquals(image.toAbsolutePath().toString(), info.backingFilename());
            assertEquals("qcow2", info.backingFormat());
            assertTrue(workspace.qmpSocket().toString().length() < 108, "unix socket path too long: " + workspace.qmpSocket());
        }
        assertFalse(Files.exists(workspaceDir));
        assertArrayEquals(before, Files.readAllBytes(image), "the image is never written");
    }

    @Test
    void inPlaceRunsOnTheDiskItselfAndKeepsIt() throws Exception {
        Path disk = dir.resolve("copy.qcow2");
        assertEquals(0, new ProcessBuilder("qemu-img", "create", "-f", "qcow2", disk.toString(), "64M").start().waitFor());
        Path workspaceDir;
        try (BootWorkspace workspace = BootWorkspace.create(dir.resolve("work"), disk, true)) {
            assertEquals(disk.toAbsolutePath(), workspace.overlay());
            workspaceDir = workspace.qmpSocket().getParent();
            try (var files = Files.list(workspaceDir)) {
                assertEquals(0, files.count(), "no overlay made");
            }
        }
        assertFalse(Files.exists(workspaceDir));
        assertTrue(Files.exists(disk), "the caller's disk stays");
    }

    @Test
    void aFileQemuImgCannotReadIsInvalidInputAndLeavesNothing() throws Exception {
        Path image = Files.writeString(dir.resolve("broken.qcow2"), "QFI\u00fbgarbage");
        Path work = dir.resolve("work");
        StackbakeException e = assertThrows(StackbakeException.class, () -> BootWorkspace.create(work, image));
        assertEquals(StackbakeException.Kind.INVALID_INPUT, e.kind());
        assertTrue(e.getMessage().endsWith("broken.qcow2: not a qcow2 image (qemu-img reads it as raw)"), e.getMessage());
        try (var left = Files.list(work)) {
            assertEquals(0, left.count());
        }
    }
}
