package org.stackbake.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.boot.ConsoleEvent.Kind;

@Tag("unit")
class ConsoleEventTest {

    private static ConsoleEvent event(String line) {
        Optional<ConsoleEvent> e = ConsoleEvent.parse(line);
        assertTrue(e.isPresent(), "not recognised: " + line);
        return e.get();
    }

    @Test
    void readsTheFirstbootRunnersLines() {
        assertEquals(new ConsoleEvent(Kind.FIRSTBOOT_START, null, null), event("stackbake-firstboot: start"));
        assertEquals(new ConsoleEvent(Kind.STEP_START, "05-packages", null), event("stackbake-firstboot: step 05-packages start"));
        assertEquals(new ConsoleEvent(Kind.STEP_OK, "40-rabbitmq", "31.207"), event("stackbake-firstboot: step 40-rabbitmq ok 31.207s"));
        assertEquals(new ConsoleEvent(Kind.STEP_OK, "10-hostname", "0"), event("stackbake-firstboot: step 10-hostname ok 0s"));
        assertEquals(new ConsoleEvent(Kind.STEP_FAILED, "30-mariadb", null), event("stackbake-firstboot: step 30-mariadb failed"));
        assertEquals(new ConsoleEvent(Kind.FIRSTBOOT_DONE, null, null), event("stackbake-firstboot: done"));
        assertEquals(new ConsoleEvent(Kind.FIRSTBOOT_FAILED, null, null), event("stackbake-firstboot: failed"));
    }

    @Test
    void toleratesWhatConsolesAddAroundTheText() {
        assertEquals(Kind.FIRSTBOOT_DONE, event("stackbake-firstboot: done\r").kind());
        assertEquals(Kind.STEP_OK, event("[  185.123456] stackbake-firstboot: step 90-verify ok 12.5s").kind());
        assertEquals(Kind.FIRSTBOOT_START, event("\u001b[0;32mstackbake-firstboot: start\u001b[0m").kind());
    }

    @Test
    void onlyTheEndOfFirstbootEndsTheWait() {
        assertTrue(event("stackbake-firstboot: done").endsFirstboot());
        assertTrue(event("stackbake-firstboot: failed").endsFirstboot());
        assertFalse(event("stackbake-firstboot: step 30-mariadb failed").endsFirstboot());
        assertFalse(event("stackbake-firstboot: start").endsFirstboot());
    }

    @Test
    void recognisesKernelAndSystemd() {
        assertEquals(Kind.KERNEL, event("[    0.000000] Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)").kind());
        assertEquals(Kind.USERSPACE, event("[    3.201] systemd[1]: Detected virtualization kvm.").kind());
        assertEquals(Kind.USERSPACE, event("Welcome to \u001b[1mRocky Linux 9.6 (Blue Onyx)\u001b[0m!").kind());
        assertEquals(Kind.USERSPACE, event("[  OK  ] Reached target Multi-User System.").kind());
        assertEquals(Kind.USERSPACE, event("controller login: ").kind());
    }

    @Test
    void ignoresOtherLinesAndLookalikes() {
        assertTrue(ConsoleEvent.parse("").isEmpty());
        assertTrue(ConsoleEvent.parse("[   12.3] virtio_net virtio1 ens160: renamed from eth0").isEmpty());
        assertTrue(ConsoleEvent.parse("stackbake-firstboot: step 05-packages finished").isEmpty());
        assertTrue(ConsoleEvent.parse("stackbake-firstboot: done and more").isEmpty());
        assertTrue(ConsoleEvent.parse("echo stackbake-firstboot: doner").isEmpty());
    }

    @Test
    void describesProgress() {
        assertEquals("step 40-rabbitmq ok (31.2 s)", new ConsoleEvent(Kind.STEP_OK, "40-rabbitmq", "31.2").describe());
        assertEquals("step 30-mariadb FAILED", new ConsoleEvent(Kind.STEP_FAILED, "30-mariadb", null).describe());
        assertEquals("first boot done", new ConsoleEvent(Kind.FIRSTBOOT_DONE, null, null).describe());
    }
}
