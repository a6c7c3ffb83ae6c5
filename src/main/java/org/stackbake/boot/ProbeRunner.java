package org.stackbake.boot;

import java.time.Duration;
import java.util.function.Consumer;
import org.stackbake.service.Probe;

/** Tries a probe until it answers, answers wrongly, or the deadline passes. */
final class ProbeRunner {
    private final ProbeClients clients;
    private final Duration pause;

    ProbeRunner(ProbeClients clients, Duration pause) {
        this.clients = clients;
        this.pause = pause;
    }

    /** deadlineNanos is a System.nanoTime() value; at least one attempt is always made. */
    ProbeResult run(Probe probe, int port, long deadlineNanos, Consumer<String> progress) {
        int attempts = 0;
        while (true) {
            ProbeAttempt attempt = clients.attempt(probe, port);
            attempts++;
            switch (attempt.kind()) {
                case OK:
                    return new ProbeResult(probe, ProbeResult.Status.OK, attempt.detail());
                case WRONG_ANSWER:
                    return new ProbeResult(probe, ProbeResult.Status.FAILED, attempt.detail());
                default:
                    break;
            }
            if (System.nanoTime() + pause.toNanos() > deadlineNanos) {
                return new ProbeResult(probe, ProbeResult.Status.FAILED, "no answer after " + attempts + " attempt"
                        + (attempts == 1 ? "" : "s") + ": " + attempt.detail());
            }
            if (attempts == 1) {
                progress.accept("  " + probe.service() + ": not answering yet (" + attempt.detail() + "), retrying");
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new ProbeResult(probe, ProbeResult.Status.FAILED, "interrupted");
            }
        }
    }
}
