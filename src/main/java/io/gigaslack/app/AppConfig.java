package io.gigaslack.app;

import io.gigaslack.runs.AccessRules;
import io.gigaslack.runs.Limits;
import io.gigaslack.runs.Platform;
import io.gigaslack.service.RunSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The typed configuration, read once at start-up by {@link ConfigLoader}. Secrets are held as
 * {@link Secret}, so printing this object never shows them.
 */
public record AppConfig(
        Secret slackBotToken,
        Secret slackSigningSecret,
        Secret slackAppToken,
        String slackApiUrl,
        Duration slackTimeout,
        Secret gigaApiKey,
        String gigaApiUrl,
        String gigaClientId,
        int port,
        String publicUrl,
        Duration pollInterval,
        String databaseUrl,
        String databaseUser,
        Secret databasePassword,
        String defaultPlatform,
        int defaultHours,
        String defaultGoal,
        String systemPrompt,
        Map<String, Platform> platforms,
        boolean autoStop,
        String desktopViewerUrl,
        String logFormat,
        Set<String> allowedChannels,
        Set<String> deniedChannels,
        Set<String> allowedUsers,
        Set<String> allowedUsergroups,
        Set<String> adminUsers,
        int maxHours,
        int maxConcurrentPerUser,
        int maxConcurrentPerWorkspace,
        int maxRunsPerUserPerDay,
        int maxPromptChars,
        long maxFileBytes,
        int requestsPerMinute,
        Duration jobLease) {

    public static final int MIN_POLL_SECONDS = 5;
    public static final int MAX_REQUESTS_PER_MINUTE = 6000;
    public static final int MIN_LEASE_SECONDS = 2;

    /** Channel ids: public ({@code C}), private or older group ({@code G}), direct message ({@code D}). */
    static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{2,}");
    /** Member ids: {@code U}, or {@code W} in Enterprise Grid. */
    static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,}");
    /** User group ids. */
    static final Pattern USERGROUP_ID = Pattern.compile("S[A-Z0-9]{2,}");

    /** Who may start and control runs, as configured. */
    public AccessRules accessRules() {
        return new AccessRules(allowedChannels, deniedChannels, allowedUsers, allowedUsergroups, adminUsers);
    }

    /** How much runs may use, as configured; the platforms are those of {@code GIGA_PLATFORMS}. */
    public Limits limits() {
        return new Limits(maxHours, maxConcurrentPerUser, maxConcurrentPerWorkspace, maxRunsPerUserPerDay,
                maxPromptChars, maxFileBytes, platforms.keySet());
    }

    /** The runs section: what a run gets when the person asking does not say. */
    public RunSettings runSettings() {
        return new RunSettings(platforms, defaultPlatform, defaultHours, defaultGoal, systemPrompt, autoStop,
                desktopViewerUrl);
    }

    /** Socket Mode is used when an app-level token is configured. */
    public boolean socketMode() {
        return slackAppToken != null;
    }

    /** Whether Giga can call us back; without a public URL the app relies on polling alone. */
    public boolean callbacksEnabled() {
        return publicUrl != null && !publicUrl.isEmpty();
    }

    static AppConfig from(Map<Setting, String> v, List<String> problems) {
        Secret bot = Secret.of(v.get(Setting.SLACK_BOT_TOKEN));
        Secret appToken = Secret.of(v.get(Setting.SLACK_APP_TOKEN));
        Secret signing = Secret.of(v.get(Setting.SLACK_SIGNING_SECRET));
        Secret gigaKey = Secret.of(v.get(Setting.GIGA_API_KEY));
        if (bot == null) {
            missing(problems, Setting.SLACK_BOT_TOKEN);
        } else if (!bot.reveal().startsWith("xoxb-")) {
            bad(problems, Setting.SLACK_BOT_TOKEN, "does not start with xoxb-");
        }
        if (appToken != null && !appToken.reveal().startsWith("xapp-")) {
            bad(problems, Setting.SLACK_APP_TOKEN, "does not start with xapp-");
        }
        if (signing == null && appToken == null) {
            problems.add(Setting.SLACK_SIGNING_SECRET.envName() + " is missing (needed unless SLACK_APP_TOKEN selects"
                    + " Socket Mode): set it to " + Setting.SLACK_SIGNING_SECRET.help());
        }
        if (gigaKey == null) {
            missing(problems, Setting.GIGA_API_KEY);
        } else if (gigaKey.reveal().chars().anyMatch(Character::isWhitespace)) {
            bad(problems, Setting.GIGA_API_KEY, "contains white space");
        }
        String slackApiUrl = url(v, Setting.SLACK_API_URL, problems, false);
        if (slackApiUrl != null && !slackApiUrl.endsWith("/")) {
            slackApiUrl = slackApiUrl + "/";
        }
        String gigaApiUrl = url(v, Setting.GIGA_API_URL, problems, false);
        if (gigaApiUrl != null && gigaApiUrl.endsWith("/")) {
            gigaApiUrl = gigaApiUrl.substring(0, gigaApiUrl.length() - 1);
        }
        String publicUrl = url(v, Setting.PUBLIC_URL, problems, true);
        if (publicUrl != null && publicUrl.endsWith("/")) {
            publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
        }
        int port = integer(v, Setting.PORT, 1, 65535, problems);
        int poll = integer(v, Setting.GIGA_POLL_INTERVAL_SECONDS, MIN_POLL_SECONDS, 3600, problems);
        int hours = integer(v, Setting.GIGA_DEFAULT_HOURS, 1, 24, problems);
        String dbUrl = v.getOrDefault(Setting.DATABASE_URL, "");
        if (!dbUrl.startsWith("jdbc:h2:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            bad(problems, Setting.DATABASE_URL, "is not an H2 or PostgreSQL JDBC URL");
        }
        dbUrl = withoutH2ShutdownHook(dbUrl);
        Map<String, Platform> platforms = platforms(v, problems);
        String defaultPlatform = v.getOrDefault(Setting.GIGA_DEFAULT_PLATFORM, "");
        if (!platforms.isEmpty() && !platforms.containsKey(defaultPlatform)) {
            bad(problems, Setting.GIGA_DEFAULT_PLATFORM, "is '" + defaultPlatform + "', which GIGA_PLATFORMS does not list");
        }
        String goal = v.getOrDefault(Setting.GIGA_DEFAULT_GOAL, "");
        if (goal.isBlank()) {
            missing(problems, Setting.GIGA_DEFAULT_GOAL);
        }
        boolean autoStop = bool(v, Setting.GIGA_AUTO_STOP, problems);
        String viewer = v.getOrDefault(Setting.DESKTOP_VIEWER_URL, "");
        if (!viewer.isEmpty() && !viewer.startsWith("https://") && !viewer.startsWith("http://")) {
            bad(problems, Setting.DESKTOP_VIEWER_URL, "is not an http(s) URL template");
        }
        String logFormat = v.getOrDefault(Setting.LOG_FORMAT, "text").toLowerCase(Locale.ROOT);
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            bad(problems, Setting.LOG_FORMAT, "is '" + logFormat + "'");
        }
        Set<String> allowedChannels = ids(v, Setting.GIGA_ALLOWED_CHANNELS, CHANNEL_ID,
                "channel ids (C…, G… or D…", problems);
        Set<String> deniedChannels = ids(v, Setting.GIGA_DENIED_CHANNELS, CHANNEL_ID,
                "channel ids (C…, G… or D…", problems);
        Set<String> both = new LinkedHashSet<>(allowedChannels);
        both.retainAll(deniedChannels);
        if (!both.isEmpty()) {
            bad(problems, Setting.GIGA_DENIED_CHANNELS, "lists " + both + ", which GIGA_ALLOWED_CHANNELS also lists");
        }
        Set<String> allowedUsers = ids(v, Setting.GIGA_ALLOWED_USERS, USER_ID, "member ids (U… or W…", problems);
        Set<String> allowedGroups = ids(v, Setting.GIGA_ALLOWED_USERGROUPS, USERGROUP_ID, "user group ids (S…",
                problems);
        Set<String> adminUsers = ids(v, Setting.GIGA_ADMIN_USERS, USER_ID, "member ids (U… or W…", problems);
        int before = problems.size();
        int maxHours = limit(v, Setting.GIGA_MAX_HOURS, Limits.HOURS_CEILING, problems);
        if (problems.size() == before && maxHours < hours) {
            bad(problems, Setting.GIGA_MAX_HOURS, "is " + maxHours + ", less than GIGA_DEFAULT_HOURS (" + hours + ")");
        }
        int perUser = limit(v, Setting.GIGA_MAX_CONCURRENT_PER_USER, 1000, problems);
        int perWorkspace = limit(v, Setting.GIGA_MAX_CONCURRENT_PER_WORKSPACE, 10_000, problems);
        int perDay = limit(v, Setting.GIGA_MAX_RUNS_PER_USER_PER_DAY, 100_000, problems);
        before = problems.size();
        int promptChars = limit(v, Setting.GIGA_MAX_PROMPT_CHARS, 100_000, problems);
        String systemPrompt = v.getOrDefault(Setting.GIGA_SYSTEM_PROMPT, "");
        if (problems.size() == before) {
            longerThan(problems, Setting.GIGA_DEFAULT_GOAL, goal, promptChars);
            longerThan(problems, Setting.GIGA_SYSTEM_PROMPT, systemPrompt, promptChars);
        }
        int fileMb = limit(v, Setting.GIGA_MAX_FILE_MB, 1024, problems);
        int requestsPerMinute = integer(v, Setting.GIGA_REQUESTS_PER_MINUTE, 1, MAX_REQUESTS_PER_MINUTE, problems);
        int leaseSeconds = integer(v, Setting.GIGA_JOB_LEASE_SECONDS, MIN_LEASE_SECONDS, 3600, problems);
        int slackTimeoutSeconds = integer(v, Setting.SLACK_TIMEOUT_SECONDS, 1, 300, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new AppConfig(bot, signing, appToken, slackApiUrl, Duration.ofSeconds(slackTimeoutSeconds), gigaKey,
                gigaApiUrl,
                v.getOrDefault(Setting.GIGA_CLIENT_ID, ""), port, publicUrl, Duration.ofSeconds(poll), dbUrl,
                v.getOrDefault(Setting.DATABASE_USER, ""), Secret.of(v.get(Setting.DATABASE_PASSWORD)),
                defaultPlatform, hours, goal, systemPrompt, platforms, autoStop, viewer, logFormat, allowedChannels,
                deniedChannels, allowedUsers, allowedGroups, adminUsers, maxHours, perUser, perWorkspace, perDay,
                promptChars, fileMb * Limits.BYTES_PER_MB, requestsPerMinute, Duration.ofSeconds(leaseSeconds));
    }

    /**
     * H2 closes its databases from a JVM shutdown hook of its own, which races the app's graceful
     * shutdown (workers would lose the database with a job in hand). The app closes the database
     * itself, last, so H2's hook is turned off unless the URL says otherwise.
     */
    static String withoutH2ShutdownHook(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return url;
        }
        String upper = url.toUpperCase(Locale.ROOT);
        if (!upper.contains("DB_CLOSE_ON_EXIT")) {
            url = url + ";DB_CLOSE_ON_EXIT=FALSE";
        }
        // H2 delays writing commits by up to 500 ms by default; a run acknowledged to Slack must
        // survive the process being killed right after, so commits are written at once.
        if (!upper.contains("WRITE_DELAY")) {
            url = url + ";WRITE_DELAY=0";
        }
        return url;
    }

    private static void missing(List<String> problems, Setting s) {
        problems.add(s.envName() + " is missing: set it to " + s.help());
    }

    private static void bad(List<String> problems, Setting s, String what) {
        problems.add(s.envName() + " " + what + ": set it to " + s.help());
    }

    private static String url(Map<Setting, String> v, Setting s, List<String> problems, boolean optional) {
        String raw = v.getOrDefault(s, "");
        if (raw.isEmpty()) {
            if (!optional) {
                missing(problems, s);
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
        bad(problems, s, "is not an http(s) URL");
        return null;
    }

    private static int integer(Map<Setting, String> v, Setting s, int min, int max, List<String> problems) {
        String raw = v.getOrDefault(s, "");
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= min && n <= max) {
                return n;
            }
            bad(problems, s, "is " + n + ", outside " + min + "–" + max);
        } catch (NumberFormatException e) {
            bad(problems, s, "is '" + raw + "', not a whole number");
        }
        return min;
    }

    /** A limit from 1 to {@code max}; 0 is refused with a word that it does not mean "unlimited". */
    private static int limit(Map<Setting, String> v, Setting s, int max, List<String> problems) {
        String raw = v.getOrDefault(s, "").trim();
        if (raw.equals("0")) {
            bad(problems, s, "is 0, which would allow nothing (there is no \"unlimited\"; set a large number instead)");
            return 1;
        }
        return integer(v, s, 1, max, problems);
    }

    private static void longerThan(List<String> problems, Setting s, String text, int maxChars) {
        int chars = text.codePointCount(0, text.length());
        if (chars > maxChars) {
            bad(problems, s, "is " + chars + " characters long, more than GIGA_MAX_PROMPT_CHARS (" + maxChars + ")");
        }
    }

    /**
     * A comma-separated list of Slack ids, each matching {@code pattern}; the malformed ones are
     * reported together in one problem line.
     */
    private static Set<String> ids(Map<Setting, String> v, Setting s, Pattern pattern, String what,
            List<String> problems) {
        Set<String> out = new LinkedHashSet<>();
        List<String> wrong = new ArrayList<>();
        for (String item : v.getOrDefault(s, "").split(",")) {
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
            bad(problems, s, "has entries that are not " + what + ", in capital letters and digits) " + wrong);
        }
        return Collections.unmodifiableSet(out);
    }

    private static boolean bool(Map<Setting, String> v, Setting s, List<String> problems) {
        String raw = v.getOrDefault(s, "false").trim().toLowerCase(Locale.ROOT);
        if (raw.equals("true") || raw.equals("false")) {
            return Boolean.parseBoolean(raw);
        }
        bad(problems, s, "is '" + raw + "', not true or false");
        return false;
    }

    private static Map<String, Platform> platforms(Map<Setting, String> v, List<String> problems) {
        Map<String, Platform> out = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        for (String item : v.getOrDefault(Setting.GIGA_PLATFORMS, "").split(",")) {
            String t = item.trim();
            if (t.isEmpty()) {
                continue;
            }
            int colon = t.indexOf(':');
            try {
                String name = colon < 0 ? t : t.substring(0, colon).trim();
                int rate = colon < 0 ? 0 : Integer.parseInt(t.substring(colon + 1).trim());
                if (name.isEmpty() || rate < 0) {
                    wrong.add(t);
                } else {
                    out.put(name, new Platform(name, rate));
                }
            } catch (NumberFormatException e) {
                wrong.add(t);
            }
        }
        if (!wrong.isEmpty()) {
            bad(problems, Setting.GIGA_PLATFORMS, "has entries that are not name:credits " + wrong);
        } else if (out.isEmpty()) {
            missing(problems, Setting.GIGA_PLATFORMS);
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
