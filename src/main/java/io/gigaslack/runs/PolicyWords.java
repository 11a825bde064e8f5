package io.gigaslack.runs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Plain-words helpers shared by the policies: lists, counts and echoed input made safe for Slack. */
final class PolicyWords {
    /** At most this many names are listed; the rest are counted ("and 3 other people"). */
    static final int MAX_LISTED = 5;

    private PolicyWords() {}

    /** "a", "a and b", "a, b and c", or "a, b, c, d, e and 2 other people" ({@code conjunction} "and" or "or"). */
    static String list(Collection<String> items, Function<String, String> show, String conjunction, String others) {
        return join(shown(items, show, others), conjunction);
    }

    /** The first {@link #MAX_LISTED} items shown, then "N other …" for the rest. */
    static List<String> shown(Collection<String> items, Function<String, String> show, String others) {
        List<String> shown = new ArrayList<>();
        int rest = 0;
        for (String item : items) {
            if (shown.size() < MAX_LISTED) {
                shown.add(show.apply(item));
            } else {
                rest++;
            }
        }
        if (rest > 0) {
            shown.add(rest + " other " + others);
        }
        return shown;
    }

    /** "a", "a and b", "a, b and c". */
    static String join(List<String> parts, String conjunction) {
        if (parts.size() <= 1) {
            return parts.isEmpty() ? "" : parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " " + conjunction + " "
                + parts.get(parts.size() - 1);
    }

    static String user(String id) {
        return "<@" + id + ">";
    }

    static String channel(String id) {
        return "<#" + id + ">";
    }

    static String userGroup(String id) {
        return "<!subteam^" + id + ">";
    }

    /** "1 run", "3 runs". */
    static String count(long n, String one, String many) {
        return number(n) + " " + (n == 1 ? one : many);
    }

    /** 4000 as "4,000". */
    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * Text someone typed (or a file name), shown back: cut to {@code max} characters and with
     * {@code & < >} escaped, so it cannot carry mentions such as {@code <!channel>} or links.
     */
    static String echo(String s, int max) {
        String t = s == null ? "" : s.strip();
        if (t.codePointCount(0, t.length()) > max) {
            t = t.substring(0, t.offsetByCodePoints(0, max - 1)) + "…";
        }
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
