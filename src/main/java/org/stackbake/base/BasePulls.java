package org.stackbake.base;

import java.io.PrintWriter;
import java.util.function.Consumer;
import org.stackbake.CacheDirs;
import org.stackbake.release.BaseCatalog;

/** The puller as the CLI and the build use it: the default cache, the built-in catalog, real HTTP. */
public final class BasePulls {
    private BasePulls() {}

    /** Progress goes to {@code err}: a bar when the process runs in a terminal, plain lines otherwise. */
    public static BasePuller atDefaultLocation(Consumer<String> log, PrintWriter err) {
        boolean terminal = System.console() != null;
        return new BasePuller(CacheDirs.fromSystem().bases(), BaseCatalog.builtIn(),
                new Downloader(Downloader.defaultClient()), log, label -> new ProgressMeter(err, label, terminal));
    }
}
