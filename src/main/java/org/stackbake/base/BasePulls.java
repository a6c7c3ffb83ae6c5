package org.stackbake.base;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.stackbake.CacheDirs;
import org.stackbake.release.BaseCatalog;

/** The puller as the CLI and the build use it: the default cache, the built-in catalog, real HTTP. */
public final class BasePulls {
    private BasePulls() {}

    /** Progress goes to {@code err}: a bar when the process runs in a terminal, plain lines otherwise. */
    public static BasePuller atDefaultLocation(Consumer<String> log, PrintWriter err) {
        return in(CacheDirs.fromSystem().bases(), log, err);
    }

    /** As {@link #atDefaultLocation}, with the cache in {@code dir}. */
    public static BasePuller in(Path dir, Consumer<String> log, PrintWriter err) {
        boolean terminal = System.console() != null;
        return new BasePuller(dir, BaseCatalog.builtIn(), new Downloader(Downloader.defaultClient()), log,
                label -> new ProgressMeter(err, label, terminal));
    }
}
