package io.gigaslack.slack.command;
import java.util.ArrayList;
import java.util.List;

/**
 * Slack's text format, both ways.
 *
 * <p>Slack sends user text escaped ({@code & < >} as entities) with links, users and channels in
 * angle brackets; {@link #unescape} turns that back into plain text for the agent. {@link #escape}
 * makes any text safe to show in a Block Kit text field: no {@code <!channel>}, {@code <@U…>} or
 * {@code <#C…>} can survive from the input. {@link #truncate} shortens escaped text without
 * breaking an entity or a surrogate pair.
 */
public final class SlackText {
    /** What {@link #truncate} appends when it cuts. */
    public static final String ELLIPSIS = "…";

    private SlackText() {}

    /**
     * Plain text from Slack's escaped text: {@code &amp; &lt; &gt;} decoded, {@code <https://x|label>}
     * as {@code label (https://x)} (or the URL when the label is the URL), {@code <mailto:a@b|a@b>}
     * as {@code a@b}, {@code <@U1|name>} as {@code @name}, {@code <#C1|general>} as
     * {@code #general}, {@code <!here>} as {@code @here}, {@code <!subteam^S1|@team>} as
     * {@code @team}. A {@code null} gives "".
     */
    public static String unescape(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '<') {
                int close = text.indexOf('>', i + 1);
                int nextOpen = text.indexOf('<', i + 1);
                if (close > i && (nextOpen < 0 || nextOpen > close)) {
                    out.append(markup(text.substring(i + 1, close)));
                    i = close + 1;
                    continue;
                }
                out.append(c);
                i++;
            } else if (c == '&') {
                i = decodeEntity(text, i, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int decodeEntity(String text, int i, StringBuilder out) {
        if (text.startsWith("&amp;", i)) {
            out.append('&');
            return i + 5;
        }
        if (text.startsWith("&lt;", i)) {
            out.append('<');
            return i + 4;
        }
        if (text.startsWith("&gt;", i)) {
            out.append('>');
            return i + 4;
        }
        out.append('&');
        return i + 1;
    }

    private static String decodeEntities(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) == '&') {
                i = decodeEntity(s, i, out);
            } else {
                out.append(s.charAt(i++));
            }
        }
        return out.toString();
    }

    /** One {@code <…>} form, without its brackets. */
    private static String markup(String inner) {
        int bar = inner.indexOf('|');
        String target = bar < 0 ? inner : inner.substring(0, bar);
        String label = bar < 0 ? "" : decodeEntities(inner.substring(bar + 1));
        if (target.startsWith("@")) {
            return "@" + (label.isEmpty() ? decodeEntities(target.substring(1)) : stripLeading(label, '@'));
        }
        if (target.startsWith("#")) {
            return "#" + (label.isEmpty() ? decodeEntities(target.substring(1)) : stripLeading(label, '#'));
        }
        if (target.startsWith("!")) {
            if (!label.isEmpty()) {
                // <!subteam^S1|@team>, <!date^…|fallback>
                return target.startsWith("!subteam^") ? "@" + stripLeading(label, '@') : label;
            }
            String special = decodeEntities(target.substring(1));
            int caret = special.indexOf('^');
            if (special.startsWith("subteam^")) {
                return "@" + special.substring("subteam^".length());
            }
            return "@" + (caret < 0 ? special : special.substring(0, caret));
        }
        String url = decodeEntities(target);
        String shown = url.regionMatches(true, 0, "mailto:", 0, 7) ? url.substring(7) : url;
        if (label.isEmpty() || label.equals(url) || label.equals(shown)) {
            return shown;
        }
        return label + " (" + shown + ")";
    }

    private static String stripLeading(String s, char c) {
        return !s.isEmpty() && s.charAt(0) == c ? s.substring(1) : s;
    }

    /**
     * Any text made safe for a Block Kit mrkdwn or plain_text field: {@code & < >} escaped (so no
     * {@code <!…>}, {@code <@…>} or {@code <#…>} survives), control characters other than newline
     * and tab removed, lone surrogates replaced by U+FFFD. A {@code null} gives "".
     */
    public static String escape(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> {
                    if (Character.isHighSurrogate(c)) {
                        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                            out.append(c).append(text.charAt(++i));
                        } else {
                            out.append('\uFFFD');
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        out.append('\uFFFD');
                    } else if (c == '\n' || c == '\t' || !isControl(c)) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Like {@link #escape} but on one line: newlines and tabs become spaces. */
    public static String escapeLine(String text) {
        return escape(text).replace('\n', ' ').replace('\t', ' ').replace("\r", "");
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    /**
     * At most {@code maxChars} UTF-16 chars of {@code text} (which may be escaped): when it must cut,
     * it cuts at a word boundary if one is near, never inside an entity such as {@code &amp;} and
     * never between the two halves of a surrogate pair, and ends with "…".
     */
    public static String truncate(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        if (text.length() <= maxChars) {
            return text;
        }
        if (maxChars <= 0) {
            return "";
        }
        if (maxChars < ELLIPSIS.length() + 1) {
            return ELLIPSIS.substring(0, maxChars);
        }
        int cut = safeCut(text, maxChars - ELLIPSIS.length());
        return stripTrailingSpace(text.substring(0, cut)) + ELLIPSIS;
    }

    /**
     * A cut position at most {@code limit}, preferring whitespace in the last fifth of the range,
     * and never inside an entity or a surrogate pair.
     */
    static int safeCut(String text, int limit) {
        if (text.length() <= limit) {
            return text.length();
        }
        int cut = limit;
        int floor = Math.max(1, limit - Math.max(20, limit / 5));
        for (int i = cut; i >= floor; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                cut = i;
                break;
            }
        }
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1)) && Character.isLowSurrogate(text.charAt(cut))) {
            cut--;
        }
        // Inside an entity? "&amp;" is at most 5 chars: look back for '&' with no ';' after it.
        for (int i = cut - 1; i >= 0 && i >= cut - 5; i--) {
            char c = text.charAt(i);
            if (c == ';') {
                break;
            }
            if (c == '&') {
                int semi = text.indexOf(';', i);
                if (semi >= cut && semi - i <= 5) {
                    cut = i;
                }
                break;
            }
        }
        // Do not leave a zero-width joiner or variation selector dangling at the end.
        while (cut > 0 && (text.charAt(cut - 1) == '\u200D')) {
            cut--;
        }
        return cut;
    }

    /**
     * Splits (escaped) text into at most {@code maxParts} pieces of at most {@code maxChars} each,
     * cutting like {@link #truncate}; the last piece ends with "…" when text was left out.
     */
    public static List<String> split(String text, int maxChars, int maxParts) {
        List<String> parts = new ArrayList<>();
        String rest = text == null ? "" : text;
        while (!rest.isEmpty() && parts.size() < maxParts) {
            if (rest.length() <= maxChars) {
                parts.add(rest);
                return parts;
            }
            if (parts.size() == maxParts - 1) {
                parts.add(truncate(rest, maxChars));
                return parts;
            }
            int cut = safeCut(rest, maxChars);
            if (cut <= 0) {
                cut = Math.min(maxChars, rest.length());
            }
            parts.add(rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
        }
        return parts;
    }

    private static String stripTrailingSpace(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Escapes, then truncates: the usual way to show user text in a limited field. */
    public static String escapeAndTruncate(String text, int maxChars) {
        return truncate(escape(text), maxChars);
    }
}
