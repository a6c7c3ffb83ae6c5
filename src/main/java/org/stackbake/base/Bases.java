package org.stackbake.base;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.stackbake.CacheDirs;
import org.stackbake.StackbakeException;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.GuestBackend;
import org.stackbake.image.BaseCache;
import org.stackbake.image.BaseResolver;
import org.stackbake.files.DigestCache;
import org.stackbake.image.QemuImg;
import org.stackbake.image.ResolvedBase;
import org.stackbake.release.BaseCatalog;
import org.stackbake.release.BaseImage;
import org.stackbake.spec.LoadedDefinition;

/**
 * The bases a build starts from, named three ways: a file (qcow2/raw, also .xz/.gz), a catalog
 * name (the verified download in the cache, pulled on first use; a file of that name wins), or
 * {@code synthetic:FLAVOR} (a test base made once in the cache).
 */
public final class Bases {
    private final CacheDirs cacheDirs;
    private final QemuImg qemuImg;
    private final Consumer<String> out;
    private final PrintWriter err;

    /** out: what the build prints; err: where a download's progress meter draws. */
    public Bases(CacheDirs cacheDirs, QemuImg qemuImg, Consumer<String> out, PrintWriter err) {
        this.cacheDirs = cacheDirs;
        this.qemuImg = qemuImg;
        this.out = out;
        this.err = err;
    }

    /**
     * The base a definition is built from: {@code given} (--base) when set, else the definition's
     * {@code base:}, a file beside the definition that names it or a catalog name.
     */
    public static String reference(String given, LoadedDefinition loaded) {
        if (given != null) {
            return given;
        }
        String fromDefinition = loaded.definition().base();
        Path beside = fromDefinition == null ? null : loaded.baseDirFor("/base").resolve(fromDefinition);
        if (fromDefinition != null && BaseCatalog.builtIn().find(fromDefinition).isPresent() && !Files.exists(beside)) {
            return fromDefinition;
        }
        if (fromDefinition != null && fromDefinition.startsWith(BaseResolver.SYNTHETIC_PREFIX)) {
            return fromDefinition;
        }
        if (fromDefinition != null && Files.exists(beside)) {
            return beside.toString();
        }
        throw StackbakeException.invalidInput("no base image: give --base PATH (a qcow2/raw cloud image, a catalog"
                + " name such as rocky-9, or synthetic:rocky-9 for the test base)", "the definition's base '"
                + fromDefinition + "' is neither a file nor a catalog name (" + String.join(", ",
                BaseCatalog.builtIn().names()) + ")");
    }

    /**
     * The file a reference names when it is already here (a path, a synthetic base made earlier, a
     * catalog base pulled earlier), without launching or downloading anything.
     */
    public static Optional<Path> fileIfPresent(String reference, CacheDirs cacheDirs) {
        String flavor = reference.startsWith(BaseResolver.SYNTHETIC_PREFIX)
                ? reference.substring(BaseResolver.SYNTHETIC_PREFIX.length()) : null;
        Path file = flavor != null ? cacheDirs.syntheticBase(flavor) : Path.of(reference);
        Optional<BaseImage> catalog = flavor == null && !Files.exists(file)
                ? BaseCatalog.builtIn().find(reference) : Optional.empty();
        if (catalog.isPresent()) {
            file = cacheDirs.bases().resolve(catalog.get().fileName());
        }
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** The base ready to put an overlay on: pulled, made or decompressed as the reference needs. */
    public ResolvedBase resolve(String reference, GuestBackend backend, Accel accel) throws IOException {
        BaseResolver resolver = new BaseResolver(qemuImg, new BaseCache(cacheDirs.bases()),
                flavor -> synthetic(flavor, backend, accel), new DigestCache(cacheDirs.digests()));
        Optional<BaseImage> catalogBase = BaseCatalog.builtIn().find(reference);
        if (catalogBase.isEmpty() || Files.exists(Path.of(reference))) {
            return resolver.resolve(reference);
        }
        Path pulled = BasePulls.in(cacheDirs.bases(), out, err).ensure(catalogBase.get());
        ResolvedBase base = resolver.resolve(pulled.toString());
        if (base.image().equals(pulled.toAbsolutePath().normalize())) { // not a decompressed copy
            BasePuller.requireUnchanged(pulled, base.sha256());
        }
        return base;
    }

    private Path synthetic(String flavor, GuestBackend backend, Accel accel) throws IOException {
        Path image = cacheDirs.syntheticBase(flavor);
        if (Files.isRegularFile(image)) {
            return image;
        }
        if (!backend.syntheticFlavors().contains(flavor)) {
            throw StackbakeException.invalidInput("unknown synthetic base '" + flavor + "'",
                    "known: " + String.join(", ", backend.syntheticFlavors()));
        }
        Files.createDirectories(cacheDirs.synthetic());
        out.accept("making SYNTHETIC test base " + flavor + " once (cached in " + cacheDirs.synthetic() + ")");
        backend.createSyntheticBase(flavor, image, accel, out);
        cacheDirs.sweepOlderSyntheticBases(flavor)
                .forEach(old -> out.accept("removed " + old + " (an older generation of this synthetic base)"));
        return image;
    }
}
