package io.gigaslack.runs;

import java.util.Locale;
import java.util.Set;

/**
 * Names for files put on the computer's Desktop: a person's file name made safe to use as one name in one folder (no
 * path separators, no leading dots, no control characters, not too long), and a suffix when the name is taken. Pure.
 */
public final class DesktopNames {
    /** Longest name, in characters: well under the 255 bytes most file systems allow, even in UTF-8. */
    public static final int MAX_CHARS = 120;

    private DesktopNames() {}

    /**
     * {@code name} as a single, harmless file name: separators ({@code /}, {@code \}) and control characters become
     * {@code _}, leading dots and spaces go (no hidden files, no {@code ..}), it is cut to {@link #MAX_CHARS} keeping
     * its extension. Empty after that: {@code fallback}.
     */
    public static String safe(String name, String fallback) {
        String s = name == null ? "" : name;
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '/' || cp == '\\' || Character.isISOControl(cp) || cp == 0x7F
                    || Character.getType(cp) == Character.FORMAT) {
                b.append('_');
            } else {
                b.appendCodePoint(cp);
            }
        });
        String out = b.toString().strip().replaceAll("^[.\\s]+", "").strip();
        if (out.isEmpty() || out.chars().allMatch(c -> c == '_')) {
            out = fallback;
        }
        return cut(out);
    }

    /**
     * {@code name}, or {@code name-2.ext}, {@code name-3.ext}, … : the first not in {@code taken} (compared without
     * regard to case, so two names a person would read as one never share a folder).
     */
    public static String unique(String name, Set<String> taken) {
        Set<String> lower = new java.util.HashSet<>();
        taken.forEach(t -> lower.add(t.toLowerCase(Locale.ROOT)));
        if (!lower.contains(name.toLowerCase(Locale.ROOT))) {
            return name;
        }
        int dot = extensionStart(name);
        String stem = name.substring(0, dot);
        String ext = name.substring(dot);
        for (int n = 2; ; n++) {
            String candidate = cut(stem + "-" + n + ext);
            if (!lower.contains(candidate.toLowerCase(Locale.ROOT))) {
                return candidate;
            }
        }
    }

    /** Where the extension starts (the last dot after the first character), or the end when there is none. */
    private static int extensionStart(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && name.length() - dot <= 16 ? dot : name.length();
    }

    /** At most {@link #MAX_CHARS} characters, the extension kept, never a surrogate pair split. */
    private static String cut(String name) {
        if (name.codePointCount(0, name.length()) <= MAX_CHARS) {
            return name;
        }
        int dot = extensionStart(name);
        String ext = name.substring(dot);
        String stem = name.substring(0, dot);
        int keep = MAX_CHARS - ext.codePointCount(0, ext.length());
        int end = stem.offsetByCodePoints(0, Math.max(1, Math.min(keep, stem.codePointCount(0, stem.length()))));
        return stem.substring(0, end).strip() + ext;
    }
}
