package org.stackbake.base;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a transfer on stderr: a bar redrawn in place on a terminal, otherwise (logs, CI) a plain
 * line every few seconds, so a log is neither flooded nor silent for minutes.
 */
public final class ProgressMeter implements Downloader.Listener {
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final long LINE_NANOS = 5_000_000_000L;
    private static final int BAR = 30;

    private final PrintWriter err;
    private final String label;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long lastShown = Long.MIN_VALUE;
    private long startBytes = -1;
    private boolean drawn;

    public ProgressMeter(PrintWriter err, String label, boolean terminal) {
        this.err = err;
        this.label = label;
        this.terminal = terminal;
    }

    @Override
    public void progress(long done, long total) {
        if (startBytes < 0) {
            startBytes = done;
        }
        long now = System.nanoTime();
        boolean complete = total >= 0 && done >= total;
        if (!complete && lastShown != Long.MIN_VALUE && now - lastShown < (terminal ? REDRAW_NANOS : LINE_NANOS)) {
            return;
        }
        lastShown = now;
        String status = status(done, total, now);
        if (terminal) {
            err.print("\r" + bar(done, total) + " " + status + "\u001b[K");
            drawn = true;
        } else {
            err.println(label + ": " + status);
        }
        err.flush();
    }

    /** Ends the in-place line so the next message starts on its own line. */
    public void finish() {
        if (terminal && drawn) {
            err.println();
            err.flush();
        }
    }

    private String status(long done, long total, long now) {
        double seconds = Math.max((now - startNanos) / 1e9, 0.001);
        String rate = mib((long) ((done - startBytes) / seconds)) + "/s";
        if (total < 0) {
            return mib(done) + " " + rate;
        }
        return String.format(Locale.ROOT, "%3d%% %s of %s %s", total == 0 ? 100 : done * 100 / total, mib(done),
                mib(total), rate);
    }

    private static String bar(long done, long total) {
        int filled = total <= 0 ? 0 : (int) Math.min(BAR, done * BAR / total);
        return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "]";
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
