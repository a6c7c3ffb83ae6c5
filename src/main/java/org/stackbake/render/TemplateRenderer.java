package org.stackbake.render;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNotFoundException;
import freemarker.template.utility.DeepUnwrap;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TimeZone;
import java.util.function.UnaryOperator;
import org.stackbake.files.Escaping;
import org.stackbake.files.Jackson;

/**
 * Renders FreeMarker templates by guest-relative name ({@code etc/hosts.ftl}). Built-in templates
 * come from the jar; a user's directory given with {@code --templates} overrides any of them by
 * the same relative path. Strict: a missing value is an error, never an empty string.
 *
 * <p>Templates are data: an override comes from a pull request, so no template may instantiate a
 * class ({@code ?new}), reach Java through {@code ?api}, or call a Java method of a value. The model
 * is plain maps, lists and scalars, wrapped by {@link SimpleObjectWrapper}, which refuses anything
 * else instead of exposing its methods.
 */
public final class TemplateRenderer {
    /** Records become plain maps, which FreeMarker reads as hashes with nulls testable by {@code ??}. */

    private final Configuration config;
    private final RecordingTemplateLoader loader;

    private TemplateRenderer(TemplateLoader templates) {
        loader = new RecordingTemplateLoader(templates);
        config = new Configuration(Configuration.VERSION_2_3_34);
        config.setTemplateLoader(loader);
        config.setDefaultEncoding("UTF-8");
        config.setLocale(Locale.ROOT);
        config.setTimeZone(TimeZone.getTimeZone("UTC"));
        config.setNumberFormat("computer");
        config.setBooleanFormat("c");
        config.setLocalizedLookup(false);
        config.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        config.setLogTemplateExceptions(false);
        config.setWrapUncheckedExceptions(true);
        config.setFallbackOnNullLoopVariable(false);
        config.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        config.setAPIBuiltinEnabled(false);
        config.setObjectWrapper(new SimpleObjectWrapper(Configuration.VERSION_2_3_34));
        config.setSharedVariable("envQuote", method(Escaping::envQuote));
        config.setSharedVariable("shellQuote", method(Escaping::shellQuote));
        config.setSharedVariable("keyfile", method(Escaping::keyfile));
    }

    public static TemplateRenderer builtIn() {
        return new TemplateRenderer(new ClassTemplateLoader(TemplateRenderer.class, "/templates"));
    }

    /** Templates in {@code overrides} win over the built-in ones with the same relative path. */
    public static TemplateRenderer withOverrides(Path overrides) throws IOException {
        if (!Files.isDirectory(overrides)) {
            throw new IOException("templates directory not found: " + overrides);
        }
        return new TemplateRenderer(new MultiTemplateLoader(new TemplateLoader[] {
            new FileTemplateLoader(overrides.toFile()),
            new ClassTemplateLoader(TemplateRenderer.class, "/templates")}));
    }

    /** Every template loaded so far (relative path → text), for the build's input key. */
    public SortedMap<String, byte[]> templatesUsed() {
        return loader.used();
    }

    public String render(String name, Object model) throws RenderException {
        try {
            Template template = config.getTemplate(name);
            StringWriter out = new StringWriter();
            template.process(Jackson.JSON.convertValue(model, Map.class), out);
            return out.toString();
        } catch (TemplateNotFoundException e) {
            throw new RenderException("template not found: " + name, e);
        } catch (ParseException e) {
            throw new RenderException(e.getTemplateName() + ":" + e.getLineNumber() + ":" + e.getColumnNumber()
                    + ": template syntax error: " + firstLine(e.getEditorMessage()), e);
        } catch (TemplateException e) {
            throw new RenderException(e.getTemplateSourceName() + ":" + e.getLineNumber() + ":" + e.getColumnNumber()
                    + ": " + firstLine(e.getMessageWithoutStackTop()), e);
        } catch (IOException e) {
            throw new RenderException("cannot read template " + name + ": " + e.getMessage(), e);
        }
    }

    private static String firstLine(String text) {
        return text == null ? "error" : text.strip().lines().findFirst().orElse("error");
    }

    private static TemplateMethodModelEx method(UnaryOperator<String> function) {
        return arguments -> {
            List<?> args = new ArrayList<>(arguments);
            if (args.size() != 1) {
                throw new TemplateModelException("expects exactly one argument");
            }
            Object value = DeepUnwrap.unwrap((freemarker.template.TemplateModel) args.get(0));
            try {
                return function.apply(String.valueOf(value));
            } catch (IllegalArgumentException e) {
                throw new TemplateModelException(e.getMessage());
            }
        };
    }
}
