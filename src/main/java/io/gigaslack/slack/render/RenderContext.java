package io.gigaslack.slack.render;

import io.gigaslack.runs.Platform;
import io.gigaslack.runs.Run;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Collections;

/**
 * What renderers need besides the run: the time, the platforms' prices, how to link to a desktop
 * and the app's settings.
 *
 * @param now the time "elapsed" and credit estimates are computed at
 * @param platforms platform name → platform, in display order
 * @param viewerUrlTemplate desktop viewer link, e.g.
 *     {@code https://viewer.example/?url={vncUrlEncoded}&id={deploymentId}}; placeholders
 *     {@code {vncUrl}} (raw), {@code {vncUrlEncoded}} (URL-encoded) and {@code {deploymentId}}
 *     (URL-encoded). Empty: no link button, the desktop address is shown as text only.
 * @param autoStop whether the app stops a computer by itself once its agent has finished
 * @param extendMinutes how much one press of Extend adds
 * @param builtInViewer whether "Open desktop" asks the app for a personal link to its own viewer (the template, if
 *     set, wins)
 * @param screenshots whether the card offers a Screenshot button
 */
public record RenderContext(Instant now, Map<String, Platform> platforms, String viewerUrlTemplate, boolean autoStop,
        int extendMinutes, boolean builtInViewer, boolean screenshots) {

    public static final int DEFAULT_EXTEND_MINUTES = 15;

    public RenderContext {
        Objects.requireNonNull(now, "now");
        platforms = platforms == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(platforms));
        viewerUrlTemplate = viewerUrlTemplate == null ? "" : viewerUrlTemplate.strip();
        builtInViewer = builtInViewer && viewerUrlTemplate.isEmpty();
    }

    /** Without the built-in viewer and screenshots. */
    public RenderContext(Instant now, Map<String, Platform> platforms, String viewerUrlTemplate, boolean autoStop,
            int extendMinutes) {
        this(now, platforms, viewerUrlTemplate, autoStop, extendMinutes, false, false);
    }

    /** The same, with the built-in viewer and screenshots as given. */
    public RenderContext withDesktop(boolean builtInViewer, boolean screenshots) {
        return new RenderContext(now, platforms, viewerUrlTemplate, autoStop, extendMinutes, builtInViewer, screenshots);
    }

    public static RenderContext of(Instant now, Collection<Platform> platforms, String viewerUrlTemplate,
            boolean autoStop) {
        Map<String, Platform> map = new LinkedHashMap<>();
        for (Platform p : platforms) {
            map.put(p.name(), p);
        }
        return new RenderContext(now, map, viewerUrlTemplate, autoStop, DEFAULT_EXTEND_MINUTES);
    }

    public OptionalInt creditsPerHour(String platform) {
        Platform p = platform == null ? null : platforms.get(platform);
        return p == null || !p.rateKnown() ? OptionalInt.empty() : OptionalInt.of(p.creditsPerHour());
    }

    /** The "Open desktop" link for a run, if a template is set and the run has an http(s) desktop address. */
    public Optional<String> desktopUrl(Run run) {
        return desktopUrl(run.vncUrl(), run.deploymentId());
    }

    /**
     * The viewer link from the template: empty when there is no template, the desktop address is not
     * an http(s) URL, or the result is not a valid http(s) URL of at most 3,000 characters.
     */
    public Optional<String> desktopUrl(String vncUrl, String deploymentId) {
        if (viewerUrlTemplate.isEmpty() || !isDesktopAddress(vncUrl)) {
            return Optional.empty();
        }
        String url = viewerUrlTemplate
                .replace("{vncUrlEncoded}", encode(vncUrl))
                .replace("{vncUrl}", vncUrl)
                .replace("{deploymentId}", encode(deploymentId == null ? "" : deploymentId));
        return isHttpUrl(url) && url.length() <= Blocks.URL_MAX ? Optional.of(url) : Optional.empty();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A desktop address a viewer can be given: an http(s) or ws(s) URL (Giga's are {@code wss://}). */
    static boolean isDesktopAddress(String s) {
        if (s == null) {
            return false;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("wss://")) {
            return isHttpUrl("https://" + s.substring(6));
        }
        if (lower.startsWith("ws://")) {
            return isHttpUrl("http://" + s.substring(5));
        }
        return isHttpUrl(s);
    }

    /** An absolute http or https URL with a host, no spaces or control characters. */
    static boolean isHttpUrl(String s) {
        if (s == null || s.isEmpty() || s.length() > Blocks.URL_MAX) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == '|' || c == '"' || c > 0x7E) {
                return false;
            }
        }
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }
}
