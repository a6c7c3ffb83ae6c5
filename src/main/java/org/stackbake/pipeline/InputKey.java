package org.stackbake.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.codec.digest.DigestUtils;
import org.stackbake.files.Jackson;
import org.stackbake.release.Release;
import org.stackbake.image.RepositoryDigest;
import org.stackbake.spec.SecretRef;

/**
 * The SHA-256 over everything that decides an image's bytes, so a build whose inputs did not
 * change can be skipped. The hashed text (see {@link #canonical()}) is UTF-8, one input per line,
 * every string JSON-quoted, file contents as their SHA-256:
 * <pre>
 * stackbake-input-key/1
 * version "0.1.0"
 * release {"name":"epoxy",...}          the catalog entry as JSON
 * base SHA256                                the base file's digest
 * definition SHA256                          the definition, then each included file, in load order
 * template "etc/hosts.ftl" SHA256            every template rendered, sorted by path (an override counts by its bytes)
 * secret "root" file "root.pw"               references only, sorted by name; generate has no value
 * option "compress" "true"                   build options that change the bytes, sorted by name
 * repository "baseos" "https://…/" SHA256   an online build's repositories and their repomd.xml digests, by id
 * </pre>
 * Secret VALUES are not in the key: a changed password behind the same reference does not rebuild
 * (use {@code --rebuild}).
 */
public final class InputKey {
    public static final String FORMAT = "stackbake-input-key/1";

    private final String canonical;

    private InputKey(String canonical) {
        this.canonical = canonical;
    }

    /** The text that is hashed. */
    public String canonical() {
        return canonical;
    }

    /**
     * This key with the online repositories a build read (or, for the unchanged check, what those
     * repositories hold now): a repository that moved on changes the key.
     */
    public InputKey withRepositories(List<RepositoryDigest> repositories) {
        StringBuilder text = new StringBuilder(canonical);
        repositories.stream().sorted(java.util.Comparator.comparing(RepositoryDigest::id).thenComparing(RepositoryDigest::url))
                .forEach(r -> text.append("repository ").append(Builder.quote(r.id())).append(' ')
                        .append(Builder.quote(r.url())).append(' ').append(r.repomdSha256()).append('\n'));
        return new InputKey(text.toString());
    }

    /** Hex SHA-256 of {@link #canonical()}. */
    public String value() {
        return DigestUtils.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return value();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the inputs; ordering is imposed at {@link #build()}, so callers may add in any order. */
    public static final class Builder {
        private String version = "unknown";
        private String release = "null";
        private String baseSha256;
        private final List<String> definitionFiles = new ArrayList<>();
        private final Map<String, String> templates = new TreeMap<>();
        private final Map<String, String> secrets = new TreeMap<>();
        private final Map<String, String> options = new TreeMap<>();

        private Builder() {}

        public Builder version(String stackbakeVersion) {
            version = stackbakeVersion;
            return this;
        }

        public Builder release(Release entry) {
            try {
                release = Jackson.JSON.writeValueAsString(entry);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        public Builder base(String sha256) {
            baseSha256 = sha256;
            return this;
        }

        /** The definition first, then each included file as the loader merged them. */
        public Builder definitionFile(byte[] content) {
            definitionFiles.add(DigestUtils.sha256Hex(content));
            return this;
        }

        public Builder template(String relativePath, byte[] content) {
            templates.put(relativePath, DigestUtils.sha256Hex(content));
            return this;
        }

        /** Where a secret comes from, never its value: env var name, file path as written, or generate. */
        public Builder secret(String name, SecretRef ref) {
            SecretRef.Kind kind = ref == null ? null : ref.kind();
            String source = kind == null ? "invalid" : switch (kind) {
                case ENV -> "env " + quote(ref.env());
                case FILE -> "file " + quote(ref.file());
                case GENERATE -> "generate";
            };
            secrets.put(name, source);
            return this;
        }

        /**
         * A build option that changes the output's bytes. Hook for later options such as local
         * package repositories: add each as option("repo:" + dir, sha256 of its repodata/repomd.xml).
         */
        public Builder option(String name, String value) {
            options.put(name, value);
            return this;
        }

        public InputKey build() {
            if (baseSha256 == null) {
                throw new IllegalStateException("the base digest is part of every key");
            }
            StringBuilder text = new StringBuilder(FORMAT).append('\n');
            text.append("version ").append(quote(version)).append('\n');
            text.append("release ").append(release).append('\n');
            text.append("base ").append(baseSha256).append('\n');
            definitionFiles.forEach(d -> text.append("definition ").append(d).append('\n'));
            templates.forEach((path, d) -> text.append("template ").append(quote(path)).append(' ').append(d).append('\n'));
            secrets.forEach((name, s) -> text.append("secret ").append(quote(name)).append(' ').append(s).append('\n'));
            options.forEach((name, v) -> text.append("option ").append(quote(name)).append(' ').append(quote(v)).append('\n'));
            return new InputKey(text.toString());
        }

        private static String quote(String s) {
            try {
                return Jackson.JSON.writeValueAsString(s);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
