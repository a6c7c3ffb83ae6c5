package org.stackbake.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.stackbake.image.BuildManifest;

/** Prints one line per step with its elapsed time and keeps the durations for the manifest. */
final class Progress {
    private final Consumer<String> out;
    private final List<BuildManifest.Step> steps = new ArrayList<>();
    private String running;
    private long runningSince;

    Progress(Consumer<String> out) {
        this.out = out;
    }

    interface Step<T> {
        T run() throws Exception;
    }

    /** Runs a step; its line is printed when it ends, with detail(result) after the name. */
    <T> T step(String name, Step<T> step, java.util.function.Function<T, String> detail) throws Exception {
        long start = System.nanoTime();
        running = name;
        runningSince = start;
        T result;
        try {
            result = step.run();
        } finally {
            running = null;
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        steps.add(new BuildManifest.Step(name, ms));
        String extra = detail.apply(result);
        out.accept(String.format("%-52s %7.1f s%s", name, ms / 1000.0, extra == null || extra.isEmpty() ? "" : "  " + extra));
        return result;
    }

    <T> T step(String name, Step<T> step) throws Exception {
        return step(name, step, r -> "");
    }

    void note(String line) {
        out.accept(line);
    }

    /**
     * The finished steps, and the running one (if any) with its time so far: the last step, publishing,
     * asks for the manifest from inside itself, once the image is converted.
     */
    List<BuildManifest.Step> steps() {
        List<BuildManifest.Step> all = new ArrayList<>(steps);
        if (running != null) {
            all.add(new BuildManifest.Step(running, (System.nanoTime() - runningSince) / 1_000_000));
        }
        return List.copyOf(all);
    }
}
