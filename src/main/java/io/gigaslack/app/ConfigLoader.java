package io.gigaslack.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;

/**
 * Reads the configuration once at start-up: built-in defaults, then an optional properties or
 * YAML file ({@code --config FILE} or {@code GIGA_SLACK_CONFIG}), then environment variables.
 */
public final class ConfigLoader {
    public static final String CONFIG_FILE_ENV = "GIGA_SLACK_CONFIG";

    private ConfigLoader() {}

    public static AppConfig load(List<String> args, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<Setting, String> values = values(args, env, problems);
        if (env.containsKey(REPLACED_AUTO_STOP)) {
            problems.add(REPLACED_AUTO_STOP + AUTO_STOP_REPLACEMENT);
        }
        return AppConfig.from(values, problems);
    }

    /**
     * A setting of earlier versions that a new one replaced with other values: refused, so that a team relying on it
     * learns at start-up rather than by a computer stopped later (or sooner) than it expects.
     */
    private static final String REPLACED_AUTO_STOP = "GIGA_AUTO_STOP";
    private static final String AUTO_STOP_REPLACEMENT = " was replaced by GIGA_AUTO_STOP_AFTER_MINUTES"
            + " (runs.auto-stop-after-minutes): set that to 0 to stop computers as soon as their agent finishes, to"
            + " off to leave them running, or leave it unset for the default (10 minutes after the agent finished),"
            + " and remove GIGA_AUTO_STOP";

    /**
     * Only the database settings ({@code DATABASE_URL}, {@code DATABASE_USER}, {@code DATABASE_PASSWORD}) of the
     * configuration, for tools that need no more than the database (e.g. {@code export-db}).
     */
    public static Map<Setting, String> databaseSettings(List<String> args, Map<String, String> env) {
        return settings(args, env, List.of(Setting.DATABASE_URL, Setting.DATABASE_USER, Setting.DATABASE_PASSWORD));
    }

    /** Only {@code wanted} of the configuration (empty when not set), for tools that need no more. */
    public static Map<Setting, String> settings(List<String> args, Map<String, String> env, List<Setting> wanted) {
        List<String> problems = new ArrayList<>();
        Map<Setting, String> values = values(args, env, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Map<Setting, String> out = new EnumMap<>(Setting.class);
        for (Setting s : wanted) {
            out.put(s, values.getOrDefault(s, ""));
        }
        return out;
    }

    private static Map<Setting, String> values(List<String> args, Map<String, String> env, List<String> problems) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            if (s.defaultValue() != null) {
                values.put(s, s.defaultValue());
            }
        }
        String file = configFile(args, env, problems);
        if (file != null) {
            readFile(Path.of(file), values, problems);
        }
        for (Setting s : Setting.values()) {
            String v = env.get(s.envName());
            if (v != null) {
                values.put(s, v.trim());
            }
        }
        return values;
    }

    private static String configFile(List<String> args, Map<String, String> env, List<String> problems) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--config")) {
                if (i + 1 >= args.size()) {
                    problems.add("--config needs a file path, e.g. --config config/giga-slack.yml");
                    return null;
                }
                return args.get(i + 1);
            }
            if (a.startsWith("--config=")) {
                return a.substring("--config=".length());
            }
        }
        String fromEnv = env.get(CONFIG_FILE_ENV);
        return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.trim();
    }

    static void readFile(Path path, Map<Setting, String> values, List<String> problems) {
        if (!Files.isReadable(path)) {
            problems.add("configuration file " + path + " does not exist or cannot be read");
            return;
        }
        Map<String, String> raw = new LinkedHashMap<>();
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".yml") || name.endsWith(".yaml")) {
                JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
                if (tree != null && !tree.isMissingNode() && !tree.isNull()) {
                    if (!tree.isObject()) {
                        problems.add("configuration file " + path + " must hold a map of keys to values");
                        return;
                    }
                    flatten("", tree, raw);
                }
            } else {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                p.stringPropertyNames().forEach(k -> raw.put(k, p.getProperty(k)));
            }
        } catch (IOException | RuntimeException e) {
            // Say where, not what: a parser's message quotes the file, and the file holds secrets.
            problems.add("configuration file " + path + " could not be parsed" + where(e));
            return;
        }
        raw.forEach((k, v) -> {
            Setting s = Setting.forFileKey(k);
            boolean replaced = k.trim().equalsIgnoreCase("runs.auto-stop") || k.trim().equalsIgnoreCase(REPLACED_AUTO_STOP);
            if (s == null && replaced) {
                problems.add("configuration file " + path + ": " + k.trim() + AUTO_STOP_REPLACEMENT);
            } else if (s == null) {
                problems.add("configuration file " + path + " has an unknown key '" + k
                        + "' (keys are listed in config/giga-slack.example.yml)");
            } else {
                values.put(s, v == null ? "" : v.trim());
            }
        });
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(n.asText()));
            out.put(prefix, String.join(",", items));
        } else {
            out.put(prefix, node.isNull() ? "" : node.asText());
        }
    }

    private static String where(Exception e) {
        if (e instanceof JsonProcessingException jp && jp.getLocation() != null) {
            return " near line " + jp.getLocation().getLineNr();
        }
        return " (" + e.getClass().getSimpleName() + ")";
    }
}
