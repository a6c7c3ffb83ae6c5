package org.stackbake.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.files.DigestCache;
import org.stackbake.release.ReleaseCatalog;
import org.stackbake.render.NodeRenderer;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.LoadedDefinition;
import org.stackbake.spec.SecretResolver;

/** The input key: stable for the same inputs, different for any byte that reaches the image, blind to secret values. */
@Tag("unit")
class InputKeyTest {
    private static final String BASE = "a".repeat(64);

    @TempDir
    Path dir;
    Path controller;
    InputKeys keys;

    @BeforeEach
    void copyTheShippedDefinitions() throws IOException {
        Files.copy(Path.of("images/epoxy/site.yaml"), dir.resolve("site.yaml"));
        Files.copy(Path.of("images/epoxy/compute.yaml"), dir.resolve("compute.yaml"));
        controller = dir.resolve("controller.yaml");
        Files.writeString(controller, Files.readString(Path.of("images/epoxy/controller.yaml"))
                + "secrets:\n  root: {file: root.pw}\n");
        Files.writeString(dir.resolve("root.pw"), "first password\n");
        keys = new InputKeys(new DigestCache(dir.resolve("digests")), new org.stackbake.CacheDirs(dir.resolve("cache")));
    }

    private InputKey key(Path definition, Path templates, String base, boolean compress) throws Exception {
        LoadedDefinition loaded = new DefinitionLoader().load(definition);
        NodeRenderer renderer = new NodeRenderer(templates);
        renderer.render(loaded, new SecretResolver(System::getenv).resolve(loaded));
        return keys.of(loaded, renderer, ReleaseCatalog.builtIn().find("epoxy").orElseThrow(), base, compress);
    }

    private InputKey key(Path definition) throws Exception {
        return key(definition, null, BASE, true);
    }

    @Test
    void sameInputsGiveTheSameKey() throws Exception {
        InputKey first = key(controller);
        assertEquals(first.value(), key(controller).value());
        assertEquals(64, first.value().length());
        assertTrue(first.canonical().startsWith(InputKey.FORMAT + "\n"), first.canonical());
        assertTrue(first.canonical().contains("template \"etc/hosts.ftl\" "), first.canonical());
        assertTrue(first.canonical().contains("template \"etc/my.cnf.d/openstack.cnf.ftl\" "), first.canonical());
        assertTrue(first.canonical().contains("secret \"root\" file \"root.pw\""), first.canonical());
        assertTrue(first.canonical().contains("release {\"name\":\"epoxy\""), first.canonical());
    }

    @Test
    void oneByteOfTheDefinitionOrAnIncludeChangesTheKey() throws Exception {
        String before = key(controller).value();
        Files.writeString(controller, Files.readString(controller).replace("dns: [223.5.5.5]", "dns: [223.5.5.6]"));
        String definitionChanged = key(controller).value();
        assertNotEquals(before, definitionChanged);
        Files.writeString(dir.resolve("site.yaml"), Files.readString(dir.resolve("site.yaml")) + "#\n");
        assertNotEquals(definitionChanged, key(controller).value(), "an included file is an input too");
    }

    @Test
    void oneByteOfAUsedTemplateChangesTheKeyAnUnusedOneDoesNot() throws Exception {
        String builtIn = key(dir.resolve("compute.yaml")).value();
        Path templates = dir.resolve("templates");
        Files.createDirectories(templates.resolve("etc/my.cnf.d"));
        Files.copy(Path.of("templates/etc/hosts.ftl"), templates.resolve("etc/hosts.ftl"));
        assertEquals(builtIn, key(dir.resolve("compute.yaml"), templates, BASE, true).value(),
                "an override identical to the built-in template makes the same bytes");

        Files.writeString(templates.resolve("etc/my.cnf.d/openstack.cnf.ftl"), "# the compute node renders no MariaDB config\n");
        assertEquals(builtIn, key(dir.resolve("compute.yaml"), templates, BASE, true).value(), "unused template");

        Files.writeString(templates.resolve("etc/hosts.ftl"), Files.readString(templates.resolve("etc/hosts.ftl")) + " ");
        assertNotEquals(builtIn, key(dir.resolve("compute.yaml"), templates, BASE, true).value());
    }

    @Test
    void secretValuesAreNotInTheKeyButReferencesAre() throws Exception {
        InputKey first = key(controller);
        Files.writeString(dir.resolve("root.pw"), "another password\n");
        InputKey second = key(controller);
        assertEquals(first.value(), second.value(), "a changed value behind the same reference does not rebuild");
        assertFalse(second.canonical().contains("another password"));

        Files.writeString(controller, Files.readString(controller).replace("root: {file: root.pw}", "root: {generate: true}"));
        InputKey generated = key(controller);
        assertNotEquals(first.value(), generated.value());
        assertTrue(generated.canonical().contains("secret \"root\" generate\n"), generated.canonical());
    }

    @Test
    void generateVersusEnvReferenceDiffersInTheKeyLines() {
        InputKey.Builder common = InputKey.builder().base(BASE).definitionFile(new byte[] {1});
        String generate = InputKey.builder().base(BASE).definitionFile(new byte[] {1})
                .secret("db", new org.stackbake.spec.SecretRef(null, null, true, null)).build().value();
        String env = common.secret("db", new org.stackbake.spec.SecretRef("DB_PASS", null, null, null)).build().value();
        String otherEnv = InputKey.builder().base(BASE).definitionFile(new byte[] {1})
                .secret("db", new org.stackbake.spec.SecretRef("OTHER", null, null, null)).build().value();
        assertNotEquals(generate, env);
        assertNotEquals(env, otherEnv, "the variable's name is part of the reference");
    }

    @Test
    void baseVersionAndCompressionAreInputs() throws Exception {
        String key = key(controller).value();
        assertNotEquals(key, key(controller, null, "b".repeat(64), true).value());
        assertNotEquals(key, key(controller, null, BASE, false).value());
        assertNotEquals(InputKey.builder().base(BASE).version("1").build().value(),
                InputKey.builder().base(BASE).version("2").build().value());
    }

    @Test
    void theBaseDigestIsCachedBySizeAndTime() throws Exception {
        Path base = dir.resolve("base.img");
        Files.write(base, new byte[4096]);
        String first = keys.baseDigest(base.toString()).orElseThrow();
        assertEquals(org.stackbake.files.Sha256.of(base), first);
        assertEquals(first, keys.baseDigest(base.toString()).orElseThrow());
        Files.write(base, new byte[4097]);
        assertNotEquals(first, keys.baseDigest(base.toString()).orElseThrow(), "a changed file is hashed again");
        assertTrue(keys.baseDigest(dir.resolve("missing.img").toString()).isEmpty());
    }

    @Test
    void aCatalogBaseIsItsPulledFileInTheCacheOnceThere() throws Exception {
        assertTrue(keys.baseDigest("rocky-9").isEmpty(), "not pulled yet: known only after the build pulls it");
        org.stackbake.release.BaseImage rocky = org.stackbake.release.BaseCatalog.builtIn().find("rocky-9").orElseThrow();
        Path pulled = Files.createDirectories(dir.resolve("cache/bases")).resolve(rocky.fileName());
        Files.write(pulled, new byte[] {1, 2, 3});
        assertEquals(org.stackbake.files.Sha256.of(pulled), keys.baseDigest("rocky-9").orElseThrow());
    }
}
