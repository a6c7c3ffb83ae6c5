package org.stackbake.render;

import freemarker.cache.TemplateLoader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Remembers every template FreeMarker loads (includes and imports too) with the text it got,
 * so a build's input key covers exactly the templates it used, built-in or overridden.
 */
final class RecordingTemplateLoader implements TemplateLoader {
    private final TemplateLoader delegate;
    private final Map<Object, String> names = Collections.synchronizedMap(new IdentityHashMap<>());
    private final SortedMap<String, byte[]> used = Collections.synchronizedSortedMap(new TreeMap<>());

    RecordingTemplateLoader(TemplateLoader delegate) {
        this.delegate = delegate;
    }

    @Override
    public Object findTemplateSource(String name) throws IOException {
        Object source = delegate.findTemplateSource(name);
        if (source != null) {
            names.put(source, name);
        }
        return source;
    }

    @Override
    public long getLastModified(Object source) {
        return delegate.getLastModified(source);
    }

    @Override
    public Reader getReader(Object source, String encoding) throws IOException {
        String text;
        try (Reader reader = delegate.getReader(source, encoding)) {
            StringBuilder content = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) > 0; ) {
                content.append(buffer, 0, n);
            }
            text = content.toString();
        }
        String name = names.get(source);
        if (name != null) {
            used.put(name, text.getBytes(StandardCharsets.UTF_8));
        }
        return new StringReader(text);
    }

    @Override
    public void closeTemplateSource(Object source) throws IOException {
        delegate.closeTemplateSource(source);
    }

    /** Relative path → template text (UTF-8), sorted by path. */
    SortedMap<String, byte[]> used() {
        synchronized (used) {
            return new TreeMap<>(used);
        }
    }
}
