package org.stackbake.spec;

/** One thing wrong with a definition, where it is, and how to fix it. */
public record SpecProblem(Location location, String message, String hint) {

    /** Longest run without a space kept (a pasted value), and longest message or hint printed. */
    static final int MAX_WORD = 80;
    static final int MAX_TEXT = 400;
    private static final java.util.regex.Pattern LONG_WORD = java.util.regex.Pattern.compile("\\S{" + (MAX_WORD + 1) + ",}");

    public SpecProblem {
        message = printable(message);
        hint = hint == null ? "" : printable(hint);
    }

    /**
     * {@code text} as one printable line: control characters escaped ({@code \n}, {@code \t},
     * {@code \x1b} …) so a value cannot break the line or drive the terminal; a value too long to
     * read (a 1 MiB scalar) is cut to its first {@link #MAX_WORD} characters and an ellipsis, and
     * the whole text to {@link #MAX_TEXT}.
     */
    static String printable(String text) {
        String words = LONG_WORD.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                m.group().substring(0, MAX_WORD) + "…"));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words.length() && out.length() <= MAX_TEXT; i++) {
            char c = words.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    int type = Character.getType(c);
                    if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR) {
                        out.append(String.format(c < 0x100 ? "\\x%02x" : "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.length() > MAX_TEXT ? out.substring(0, MAX_TEXT) + "…" : out.toString();
    }

    /** The one-line form used on the terminal: {@code FILE:LINE:COL: what (hint: how)}. */
    public String oneLine() {
        return location + ": " + message + (hint.isEmpty() ? "" : " (hint: " + hint + ")");
    }
}
