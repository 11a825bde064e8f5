package io.gigaslack.app;

import io.gigaslack.runs.Platform;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The raw values of the settings, read into typed values; what is missing or wrong is collected as one line each (the
 * env name, what is wrong, and what to set it to), so that one start-up names every problem at once.
 */
final class SettingValues {
    private final Map<Setting, String> values;
    private final List<String> problems;

    SettingValues(Map<Setting, String> values, List<String> problems) {
        this.values = values;
        this.problems = problems;
    }

    List<String> problems() {
        return problems;
    }

    /** How many problems were found so far (to tell whether a read added one). */
    int problemCount() {
        return problems.size();
    }

    String text(Setting s) {
        return values.getOrDefault(s, "");
    }

    String text(Setting s, String orElse) {
        return values.getOrDefault(s, orElse);
    }

    Secret secret(Setting s) {
        return Secret.of(values.get(s));
    }

    void missing(Setting s) {
        problems.add(s.envName() + " is missing: set it to " + s.help());
    }

    void bad(Setting s, String what) {
        problems.add(s.envName() + " " + what + ": set it to " + s.help());
    }

    void problem(String line) {
        problems.add(line);
    }

    String url(Setting s, boolean optional) {
        String raw = text(s);
        if (raw.isEmpty()) {
            if (!optional) {
                missing(s);
            }
            return null;
        }
        try {
            URI u = URI.create(raw);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return raw;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        bad(s, "is not an http(s) URL");
        return null;
    }

    int integer(Setting s, int min, int max) {
        String raw = text(s);
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= min && n <= max) {
                return n;
            }
            bad(s, "is " + n + ", outside " + min + "–" + max);
        } catch (NumberFormatException e) {
            bad(s, "is '" + raw + "', not a whole number");
        }
        return min;
    }

    /** An optional cap from 1 to {@code max}, or {@code off} (given as 0). */
    long optionalCap(Setting s, long max) {
        String raw = text(s).trim();
        if (raw.equalsIgnoreCase("off") || raw.equals("false")) { // YAML reads an unquoted off as false
            return 0;
        }
        try {
            long n = Long.parseLong(raw);
            if (n >= 1 && n <= max) {
                return n;
            }
            bad(s, "is " + n + ", outside 1–" + max + " (or off for no cap)");
        } catch (NumberFormatException e) {
            bad(s, "is '" + raw + "', not a whole number or off");
        }
        return 0;
    }

    /** Whole minutes from 0 to {@code max}, or {@code off} (given as null). */
    java.time.Duration minutesOrOff(Setting s, int max) {
        String raw = text(s).trim();
        if (raw.equalsIgnoreCase("off") || raw.equals("false")) { // YAML reads an unquoted off as false
            return null;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= 0 && n <= max) {
                return java.time.Duration.ofMinutes(n);
            }
            bad(s, "is " + n + ", outside 0–" + max + " (or off)");
        } catch (NumberFormatException e) {
            bad(s, "is '" + raw + "', not a whole number of minutes or off");
        }
        return null;
    }

    /** A limit from 1 to {@code max}; 0 is refused with a word that it does not mean "unlimited". */
    int limit(Setting s, int max) {
        String raw = text(s).trim();
        if (raw.equals("0")) {
            bad(s, "is 0, which would allow nothing (there is no \"unlimited\"; set a large number instead)");
            return 1;
        }
        return integer(s, 1, max);
    }

    void notLongerThan(Setting s, String text, int maxChars) {
        int chars = text.codePointCount(0, text.length());
        if (chars > maxChars) {
            bad(s, "is " + chars + " characters long, more than GIGA_MAX_PROMPT_CHARS (" + maxChars + ")");
        }
    }

    /**
     * A comma-separated list of Slack ids, each matching {@code pattern}; the malformed ones are
     * reported together in one problem line.
     */
    Set<String> ids(Setting s, Pattern pattern, String what) {
        Set<String> out = new LinkedHashSet<>();
        List<String> wrong = new ArrayList<>();
        for (String item : text(s).split(",")) {
            String t = item.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (pattern.matcher(t).matches()) {
                out.add(t);
            } else {
                wrong.add("'" + t + "'");
            }
        }
        if (!wrong.isEmpty()) {
            bad(s, "has entries that are not " + what + ", in capital letters and digits) " + wrong);
        }
        return Collections.unmodifiableSet(out);
    }

    boolean bool(Setting s) {
        String raw = text(s, "false").trim().toLowerCase(Locale.ROOT);
        if (raw.equals("true") || raw.equals("false")) {
            return Boolean.parseBoolean(raw);
        }
        bad(s, "is '" + raw + "', not true or false");
        return false;
    }

    /** {@code name:credits-per-hour} entries, in the order given. */
    Map<String, Platform> platforms(Setting s) {
        Map<String, Platform> out = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        for (String item : text(s).split(",")) {
            String t = item.trim();
            if (t.isEmpty()) {
                continue;
            }
            int colon = t.indexOf(':');
            try {
                String name = colon < 0 ? t : t.substring(0, colon).trim();
                // A name alone (or name:?) is a platform whose credit rate is not known.
                String rateText = colon < 0 ? "?" : t.substring(colon + 1).trim();
                int rate = rateText.equals("?") ? Platform.UNKNOWN_RATE : Integer.parseInt(rateText);
                if (name.isEmpty() || (rate < 0 && !rateText.equals("?"))) {
                    wrong.add(t);
                } else {
                    out.put(name, new Platform(name, rate));
                }
            } catch (NumberFormatException e) {
                wrong.add(t);
            }
        }
        if (!wrong.isEmpty()) {
            bad(s, "has entries that are not name:credits " + wrong);
        } else if (out.isEmpty()) {
            missing(s);
        }
        return Collections.unmodifiableMap(out);
    }

    /** A trailing slash removed (or, with {@code add}, ensured). */
    static String slash(String url, boolean add) {
        if (url == null) {
            return null;
        }
        if (add) {
            return url.endsWith("/") ? url : url + "/";
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
