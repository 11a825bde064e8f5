package io.gigaslack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import com.slack.api.bolt.App;
import io.gigaslack.app.DistributionSection;
import io.gigaslack.slack.SlackFrontEnd;
import io.gigaslack.slack.install.Distribution;
import io.gigaslack.slack.web.SlackWebGateway;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code manifest.yml} against Slack's manifest schema (from {@code shared/}, never copied here) and against the
 * code: the command, shortcut and events the app listens for, where Slack sends requests, and the scopes; and
 * {@code manifest-distributed.yml}, the same app distributed to many workspaces.
 */
class ManifestTest {

    /** Where the schema's {@code $ref}s point; resolved to files beside the schema instead of the network. */
    private static final String SCHEMA_REPO = "https://raw.githubusercontent.com/slackapi/manifest-schema/";

    /** The events the manifest subscribes to. */
    private static final Set<String> BOT_EVENTS = Set.of("app_mention", "app_home_opened", "agent_session_stopped",
            "message.channels", "message.groups", "message.im", "app_uninstalled", "tokens_revoked");
    /**
     * The events {@link SlackFrontEnd#registerListeners} listens for, by Bolt's key: Slack delivers the three
     * {@code message.*} subscriptions as one event type, {@code message}.
     */
    private static final Set<String> BOLT_EVENTS = Set.of("app_mention", "app_home_opened", "agent_session_stopped",
            "message", "message:file_share", "app_uninstalled", "tokens_revoked");

    /**
     * The bot scopes each Web API method the app calls needs ({@link SlackWebGateway#METHODS}). Threads are read back
     * in public and private channels and the app's DM, where runs live.
     */
    private static final Map<String, List<String>> SCOPES_BY_METHOD = Map.ofEntries(
            Map.entry("chat.postMessage", List.of("chat:write")),
            Map.entry("chat.update", List.of("chat:write")),
            Map.entry("chat.postEphemeral", List.of("chat:write")),
            Map.entry("conversations.join", List.of("channels:join")),
            Map.entry("conversations.replies", List.of("channels:history", "groups:history", "im:history")),
            Map.entry("conversations.history", List.of("channels:history", "groups:history", "im:history")),
            Map.entry("files.getUploadURLExternal", List.of("files:write")),
            Map.entry("files.completeUploadExternal", List.of("files:write")),
            Map.entry("views.publish", List.of()),
            Map.entry("views.open", List.of()),
            Map.entry("users.info", List.of("users:read")),
            // The workspace's admins and owners, told when Giga's balance runs low.
            Map.entry("users.list", List.of("users:read")),
            Map.entry("usergroups.users.list", List.of("usergroups:read")),
            // Who may watch a run's desktop: the members of its channel.
            Map.entry("conversations.members", List.of("channels:read", "groups:read", "im:read", "mpim:read")),
            // Whether the bot can post where a run is asked for, before the run is accepted.
            Map.entry("conversations.info", List.of("channels:read", "groups:read", "im:read", "mpim:read")),
            Map.entry("auth.test", List.of()),
            // Private deliveries (the usage chart, the low-balance warning) go to the person's DM with the app.
            Map.entry("conversations.open", List.of("im:write")),
            // Files people attach for the agent (its download URL is read with the same scope).
            Map.entry("files.info", List.of("files:read")),
            // Slack's agent surface: the progress streamed into a thread, and the thread's agent session.
            Map.entry("chat.startStream", List.of("chat:write")),
            Map.entry("chat.appendStream", List.of("chat:write")),
            Map.entry("chat.stopStream", List.of("chat:write")),
            Map.entry("agents.sessions.setStatus", List.of("assistant:write", "chat:write")));

    /**
     * Scopes for what Slack sends the app: the slash command and shortcut, {@code app_mention} events, and messages in
     * public and private channels and the app's DM ({@code message.*}: thread follow-ups, runs started in the DM).
     */
    private static final List<String> RECEIVING_SCOPES = List.of("commands", "app_mentions:read", "channels:history",
            "groups:history", "im:history");

    private static final Path BASE_DIR = Path.of(System.getProperty("basedir", "."));

    @Test
    void manifest_is_valid_against_slacks_schema() throws IOException {
        Set<ValidationMessage> violations = schema().validate(manifest());

        // The schema is a oneOf over manifest versions, so one fault may be reported once per branch.
        List<String> distinct = violations.stream().map(ValidationMessage::toString).distinct().sorted().toList();
        if (!distinct.isEmpty()) {
            fail("manifest.yml violates Slack's manifest schema in " + distinct.size() + " way(s):\n  "
                    + String.join("\n  ", distinct));
        }
    }

    @Test
    void the_distributed_manifest_is_valid_against_slacks_schema() throws IOException {
        List<String> distinct = schema().validate(manifest(DISTRIBUTED)).stream().map(ValidationMessage::toString)
                .distinct().sorted().toList();
        if (!distinct.isEmpty()) {
            fail(DISTRIBUTED + " violates Slack's manifest schema in " + distinct.size() + " way(s):\n  "
                    + String.join("\n  ", distinct));
        }
    }

    @Test
    void the_distributed_manifest_is_manifest_yml_with_a_redirect_url_org_wide_installs_and_token_rotation()
            throws IOException {
        ObjectNode distributed = (ObjectNode) manifest(DISTRIBUTED);

        assertThat(texts(distributed.at("/oauth_config/redirect_urls"), null))
                .containsExactly("https://YOUR-HOST" + Distribution.REDIRECT_PATH);
        assertThat(distributed.at("/settings/org_deploy_enabled").asBoolean(false)).isTrue();
        assertThat(distributed.at("/settings/token_rotation_enabled").asBoolean(false)).isTrue();
        assertThat(distributed.at("/settings/socket_mode_enabled").asBoolean(true))
                .as("Slack does not distribute Socket Mode apps").isFalse();
        ((ObjectNode) distributed.get("oauth_config")).remove("redirect_urls");
        ObjectNode single = (ObjectNode) manifest();
        for (ObjectNode m : List.of(distributed, single)) {
            ((ObjectNode) m.get("settings")).remove(List.of("org_deploy_enabled", "token_rotation_enabled"));
        }
        assertThat(distributed).as("everything else as in manifest.yml").isEqualTo(single);
    }

    @Test
    void the_scopes_asked_for_at_install_are_the_distributed_manifests_bot_scopes() throws IOException {
        List<String> manifestScopes = new ArrayList<>();
        manifest(DISTRIBUTED).at("/oauth_config/scopes/bot").forEach(n -> manifestScopes.add(n.asText()));

        assertThat(List.of(DistributionSection.DEFAULT_SCOPES.split(","))).isEqualTo(manifestScopes);
    }

    @Test
    void the_schema_check_catches_a_bad_manifest() throws IOException {
        JsonSchema schema = schema();
        ObjectNode bad = (ObjectNode) manifest();
        ((ObjectNode) bad.get("display_information")).put("name", "G".repeat(36));

        assertThat(schema.validate(bad)).as("violations of a 36-character app name").isNotEmpty();
    }

    @Test
    void manifest_declares_exactly_what_the_code_listens_for() throws IOException {
        JsonNode m = manifest();

        assertThat(texts(m.at("/features/slash_commands"), "command"))
                .as("slash commands").containsExactly(SlackFrontEnd.COMMAND);
        assertThat(texts(m.at("/features/shortcuts"), "callback_id"))
                .as("shortcut callback ids").containsExactly(SlackFrontEnd.SHORTCUT_CALLBACK_ID);
        assertThat(texts(m.at("/features/shortcuts"), "type"))
                .as("shortcut type (registered with app.messageShortcut)").containsExactly("message");
        assertThat(texts(m.at("/settings/event_subscriptions/bot_events"), null))
                .as("bot events").isEqualTo(new TreeSet<>(BOT_EVENTS));
        assertThat(m.at("/features/agent_view/agent_description").asText()).as("declared as an agent").isNotBlank();
        assertThat(m.at("/features/agent_view/suggested_prompts").size()).as("suggested prompts").isBetween(1, 4);
        assertThat(m.at("/features/app_home/messages_tab_read_only_enabled").asBoolean(true))
                .as("people can write to the app in its Messages tab").isFalse();
        assertThat(m.at("/settings/interactivity/is_enabled").asBoolean(false))
                .as("settings.interactivity.is_enabled").isTrue();
        assertThat(SCOPES_BY_METHOD.keySet()).as("every method the gateway calls has its scopes decided")
                .containsExactlyInAnyOrderElementsOf(SlackWebGateway.METHODS);
        Set<String> needed = new TreeSet<>(RECEIVING_SCOPES);
        SCOPES_BY_METHOD.values().forEach(needed::addAll);
        assertThat(texts(m.at("/oauth_config/scopes/bot"), null))
                .as("bot scopes").isEqualTo(needed);
        assertThat(m.at("/oauth_config/scopes/bot").size()).as("bot scopes listed once each")
                .isEqualTo(needed.size());
        assertThat(m.at("/oauth_config/scopes/user").size()).as("user scopes").isZero();

        Map<String, String> urls = new TreeMap<>();
        collectUrls(m, "", urls);
        assertThat(urls).as("request URLs").containsKeys("/features/slash_commands/0/url",
                "/settings/event_subscriptions/request_url", "/settings/interactivity/request_url");
        assertThat(urls).allSatisfy((where, url) ->
                assertThat(url).as(where).startsWith("https://").endsWith("/slack/events"));
    }

    @Test
    void the_listeners_registered_on_bolt_are_the_ones_the_manifest_declares() throws Exception {
        App app = new App(com.slack.api.bolt.AppConfig.builder()
                .singleTeamBotToken("xoxb-test").signingSecret("test-secret").build());
        SlackFrontEnd.registerListeners(app, null, null, null, null, null, null, null);

        assertThat(boltKeys(app, "eventHandlers")).as("events registered on Bolt").isEqualTo(BOLT_EVENTS);
        // Bolt keys a message subtype apart (message:file_share, a message with files); Slack's subscriptions do not.
        assertThat(BOT_EVENTS.stream().map(e -> e.startsWith("message.") ? "message" : e).collect(
                java.util.stream.Collectors.toSet())).as("every subscription has its listener").isEqualTo(
                        BOLT_EVENTS.stream().map(e -> e.startsWith("message:") ? "message" : e)
                                .collect(java.util.stream.Collectors.toSet()));
        assertThat(boltKeys(app, "slashCommandHandlers")).as("commands registered on Bolt")
                .isEqualTo(Set.of(SlackFrontEnd.COMMAND));
        assertThat(boltKeys(app, "messageShortcutHandlers")).as("message shortcuts registered on Bolt")
                .isEqualTo(Set.of(SlackFrontEnd.SHORTCUT_CALLBACK_ID));
        assertThat(boltKeys(app, "globalShortcutHandlers")).as("global shortcuts registered on Bolt").isEmpty();
    }

    /** Slack's schema from shared/, its $refs resolved to the files beside it; skips the test if absent. */
    private static JsonSchema schema() throws IOException {
        Optional<Path> schemaFile = Stream.of(
                        BASE_DIR.resolve(Path.of("..", "shared", "slack-manifest-schema", "manifest.schema.json")),
                        BASE_DIR.resolve(Path.of("..", "..", "shared", "slack-manifest-schema", "manifest.schema.json")))
                .map(Path::normalize)
                .filter(Files::isRegularFile)
                .findFirst();
        assumeTrue(schemaFile.isPresent(), "Slack's manifest schema was not found at ../shared/slack-manifest-schema/"
                + "manifest.schema.json (nor ../../shared/...) from " + BASE_DIR.toAbsolutePath()
                + ": the schema check was skipped");

        Path schemaDir = schemaFile.get().getParent();
        JsonNode schemaNode = new ObjectMapper().readTree(schemaFile.get().toFile());
        SpecVersion.VersionFlag version = SpecVersionDetector.detect(schemaNode);
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(version, b -> b.schemaMappers(m -> m.mappings(
                iri -> localCopy(iri, schemaDir))));
        return factory.getSchema(schemaFile.get().toUri(), schemaNode);
    }

    private static JsonNode manifest() throws IOException {
        return manifest("manifest.yml");
    }

    /** The manifest for the distributed app (many workspaces through OAuth). */
    private static final String DISTRIBUTED = "manifest-distributed.yml";

    private static JsonNode manifest(String file) throws IOException {
        return new YAMLMapper().readTree(Files.readString(BASE_DIR.resolve(file), StandardCharsets.UTF_8));
    }

    /** {@code https://raw.githubusercontent.com/slackapi/manifest-schema/<tag>/schemas/X.json} → the file X.json. */
    private static String localCopy(String iri, Path schemaDir) {
        if (!iri.startsWith(SCHEMA_REPO)) {
            return null;
        }
        String path = iri.replaceFirst("#.*$", "");
        Path local = schemaDir.resolve(path.substring(path.lastIndexOf('/') + 1));
        return Files.isRegularFile(local) ? local.toUri().toString() + iri.substring(path.length()) : null;
    }

    /** The text values of {@code field} of each element of an array (the elements themselves if null). */
    private static Set<String> texts(JsonNode array, String field) {
        assertThat(array.isArray()).as("an array").isTrue();
        Set<String> out = new TreeSet<>();
        for (JsonNode e : array) {
            out.add(field == null ? e.asText() : e.path(field).asText());
        }
        return out;
    }

    /** Every {@code url} or {@code *_url} field anywhere in the manifest, by JSON pointer. */
    private static void collectUrls(JsonNode node, String pointer, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = pointer + "/" + e.getKey();
                if ((e.getKey().equals("url") || e.getKey().endsWith("_url")) && e.getValue().isTextual()) {
                    out.put(at, e.getValue().asText());
                } else {
                    collectUrls(e.getValue(), at, out);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectUrls(node.get(i), pointer + "/" + i, out);
            }
        }
    }

    /** The keys of one of Bolt's handler maps, as plain strings (patterns are quoted literals). */
    private static Set<String> boltKeys(App app, String field) throws ReflectiveOperationException {
        Field f;
        try {
            f = App.class.getDeclaredField(field);
        } catch (NoSuchFieldException e) {
            throw new AssertionError("Bolt's App has no field " + field + " any more; update this test", e);
        }
        f.setAccessible(true);
        List<String> keys = new ArrayList<>();
        for (Object key : ((Map<?, ?>) f.get(app)).keySet()) {
            String s = key instanceof Pattern p ? p.pattern() : String.valueOf(key);
            if (s.startsWith("^") && s.endsWith("$")) {
                s = s.substring(1, s.length() - 1);
            }
            if (s.startsWith("\\Q") && s.endsWith("\\E")) {
                s = s.substring(2, s.length() - 2);
            }
            keys.add(s);
        }
        return Set.copyOf(keys);
    }
}
