package io.gigaslack.app;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    boolean bool(Setting s) {
        String raw = text(s, "false").trim().toLowerCase(Locale.ROOT);
        if (raw.equals("true") || raw.equals("false")) {
            return Boolean.parseBoolean(raw);
        }
        bad(s, "is '" + raw + "', not true or false");
        return false;
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
