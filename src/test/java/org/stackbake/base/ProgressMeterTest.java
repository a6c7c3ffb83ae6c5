package org.stackbake.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ProgressMeterTest {

    @Test
    void aTerminalGetsOneBarRedrawnInPlace() {
        StringWriter err = new StringWriter();
        ProgressMeter meter = new ProgressMeter(new PrintWriter(err), "rocky-9", true);
        meter.progress(0, 4 * 1048576L);
        meter.progress(4 * 1048576L, 4 * 1048576L);
        meter.finish();
        String text = err.toString();
        assertTrue(text.startsWith("\r[------------------------------]   0% 0.0 MiB of 4.0 MiB"), text);
        assertTrue(text.contains("\r[##############################] 100% 4.0 MiB of 4.0 MiB"), text);
        assertEquals(1, text.chars().filter(c -> c == '\n').count(), "one line break, at the end");
    }

    @Test
    void aLogGetsPlainLinesNotOnePerChunk() {
        StringWriter err = new StringWriter();
        ProgressMeter meter = new ProgressMeter(new PrintWriter(err), "rocky-9", false);
        for (long done = 0; done <= 1000; done++) {
            meter.progress(done * 1024, 1000 * 1024);
        }
        meter.finish();
        String[] lines = err.toString().split("\n");
        assertEquals(2, lines.length, err.toString()); // the first report and completion; the rest within 5 s is skipped
        assertTrue(lines[0].startsWith("rocky-9:   0% "), lines[0]);
        assertTrue(lines[1].startsWith("rocky-9: 100% 1.0 MiB of 1.0 MiB"), lines[1]);
        assertTrue(!err.toString().contains("\r"));
    }
}
