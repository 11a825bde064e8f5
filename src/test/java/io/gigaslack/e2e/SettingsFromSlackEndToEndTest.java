package io.gigaslack.e2e;

import static io.gigaslack.testing.TestApp.runId;
import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.SlackRequests;
import io.gigaslack.testing.TestApp;
import io.gigaslack.testing.ViewSubmissions;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Settings from Slack, through the real endpoint: an admin changes the workspace's settings in the App Home's form and
 * a channel's presets with {@code /giga settings}, and the runs that follow use them; nobody else can, however the
 * request is made; one workspace's settings never reach another's runs; every change is in the audit log.
 */
class SettingsFromSlackEndToEndTest {
    private static final String ADMIN = "UADMIN01";
    private TestApp t;

    @BeforeEach
    void start() {
        // Agents that work for a while: a run holds its slot while the test starts the next one.
        t = TestApp.startWith(slack -> slack.admin(ADMIN), sim -> sim.agentDuration(Duration.ofMinutes(5)),
                Map.of("GIGA_MAX_CONCURRENT_PER_USER", "20"));
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void an_admin_changes_the_default_hours_and_a_concurrency_limit_in_the_home_form_and_the_next_runs_use_them() {
        assertThat(home(ADMIN, "Ev-home-a")).contains("\"Settings\"", "settings_edit", "Runs one person may have at once");
        String form = openSettingsForm(ADMIN);
        HttpResponse<String> saved = t.interaction(ViewSubmissions.of(form, "T1", ADMIN, Map.of(
                "setting_giga_default_hours", "3", "setting_giga_max_concurrent_per_user", "1")));
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(saved.body()).doesNotContain("errors");

        assertThat(command("T1", "U1", "C1", "run First task").body()).contains("for 3 hours");
        String refused = command("T1", "U1", "C1", "run Second task").body();
        assertThat(refused).doesNotContain("Starting").contains("You already have 1 run going")
                .contains("GIGA_MAX_CONCURRENT_PER_USER");
        // The Home shows the new values as the workspace's own, the audit log who changed what from what to what.
        t.await("the Home published after saving", Duration.ofSeconds(10),
                () -> t.slack.calls("views.publish").size() >= 2);
        assertThat(home(ADMIN, "Ev-home-b")).contains("Default hours: `3`\\n");
        String audit = command("T1", ADMIN, "C1", "audit").body();
        assertThat(audit).contains("change_setting", "GIGA_DEFAULT_HOURS: 1 → 3",
                "GIGA_MAX_CONCURRENT_PER_USER: 20 → 1", "<@" + ADMIN + ">");
    }

    @Test
    void errors_come_back_under_their_fields_in_the_configurations_words_and_change_nothing() {
        String form = openSettingsForm(ADMIN);
        HttpResponse<String> r = t.interaction(ViewSubmissions.of(form, "T1", ADMIN, Map.of(
                "setting_giga_max_hours", "2", "setting_giga_default_hours", "4",
                "setting_giga_max_credits_per_user_per_day", "lots")));
        assertThat(r.body()).contains("\"response_action\":\"errors\"")
                .contains("\"setting_giga_max_hours\":\"GIGA_MAX_HOURS is 2, less than GIGA_DEFAULT_HOURS (4)\"")
                .contains("\"setting_giga_max_credits_per_user_per_day\":\"GIGA_MAX_CREDITS_PER_USER_PER_DAY is"
                        + " 'lots', not a whole number or off\"");
        assertThat(command("T1", "U1", "C1", "run Task").body()).contains("for 1 hour");
        assertThat(command("T1", ADMIN, "C1", "audit").body()).doesNotContain("change_setting");
    }

    @Test
    void a_non_admin_sees_no_settings_and_a_forged_submission_is_refused_and_changes_nothing() {
        assertThat(home("U1", "Ev-home-u1")).doesNotContain("settings_edit").doesNotContain("Runs one person may have");
        String form = openSettingsForm(ADMIN);
        int opened = t.slack.calls("views.open").size();
        // Someone who is not an admin presses the button anyway: no form.
        t.interaction(editSettingsClick("U1"));
        t.awaitIdle();
        assertThat(t.slack.calls("views.open")).hasSize(opened);
        // …and submits the admin's form as their own.
        HttpResponse<String> forged = t.interaction(ViewSubmissions.of(form, "T1", "U1", Map.of(
                "setting_giga_default_hours", "6", "setting_giga_admin_users", "U1")));
        assertThat(forged.body()).contains("\"response_action\":\"errors\"")
                .contains("Only workspace admins and owners and the app's admins can change the app's settings.");
        assertThat(command("T1", "U1", "C1", "run Task").body()).contains("for 1 hour");
        assertThat(command("T1", "U1", "C1", "audit").body()).contains("Only workspace admins");
        assertThat(command("T1", ADMIN, "C1", "audit").body()).doesNotContain("change_setting");
    }

    @Test
    void channel_presets_apply_to_runs_started_in_that_channel_only_and_the_card_says_so() {
        assertThat(command("T1", "U1", "C1", "settings").body()).contains("Only workspace admins and owners and the"
                + " app's admins can set a channel's presets.");
        String form = openPresetsForm(ADMIN, "C1");
        assertThat(form).contains("giga_presets_modal", "Presets for <#C1>");
        HttpResponse<String> saved = t.interaction(ViewSubmissions.of(form, "T1", ADMIN, Map.of(
                "preset_giga_default_platform", "giga-pro", "preset_giga_default_hours", "2")));
        assertThat(saved.body()).doesNotContain("errors");

        String both = runId(assertStarted(command("T1", "U1", "C1", "run Compare the offers"), "giga-pro", 2));
        String hoursAsked = runId(assertStarted(command("T1", "U1", "C1", "run --hours 1 Summarise"), "giga-pro", 1));
        String elsewhere = runId(assertStarted(command("T1", "U1", "C2", "run Elsewhere"), "giga-standard", 1));
        assertThat(card("C1", both)).contains("Channel presets: platform, hours");
        assertThat(card("C1", hoursAsked)).contains("Channel presets: platform").doesNotContain("platform, hours");
        assertThat(card("C2", elsewhere)).doesNotContain("Channel presets");

        // A mention in the channel takes them too, and so does the run form, opened filled with them.
        t.event("Ev-mention-1", "{\"type\":\"app_mention\",\"user\":\"U1\",\"text\":\"<@UBOT> Check the prices\","
                + "\"ts\":\"7.7\",\"channel\":\"C1\",\"event_ts\":\"7.7\"}", Map.of());
        t.await("the mention's run", Duration.ofSeconds(10), () -> t.slack.rootMessages("C1").stream()
                .anyMatch(m -> m.blocks() != null && m.blocks().contains("Check the prices")
                        && m.blocks().contains("Channel presets: platform, hours")));
        int opened = t.slack.calls("views.open").size();
        command("T1", "U1", "C1", "");
        t.await("the run form", Duration.ofSeconds(10), () -> t.slack.calls("views.open").size() > opened);
        String runForm = t.slack.calls("views.open").get(opened).param("view");
        t.interaction(ViewSubmissions.of(runForm, "T1", "U1", Map.of("run_task", "From the form")));
        t.await("the form's run", Duration.ofSeconds(10), () -> t.slack.rootMessages("C1").stream()
                .anyMatch(m -> m.blocks() != null && m.blocks().contains("From the form")
                        && m.blocks().contains("Channel presets: platform, hours")));

        String audit = command("T1", ADMIN, "C1", "audit").body();
        assertThat(audit).contains("change_channel_preset", "channel C1, GIGA_DEFAULT_PLATFORM: none → giga-pro",
                "channel C1, GIGA_DEFAULT_HOURS: none → 2");
        assertThat(command("T1", ADMIN, "C1", "settings clear").body()).contains("Removed this channel's presets"
                + " (platform, hours)");
        assertStarted(command("T1", "U1", "C1", "run After clearing"), "giga-standard", 1);
    }

    @Test
    void one_workspaces_settings_and_presets_never_reach_another_workspaces_runs() {
        String form = openSettingsForm(ADMIN);
        t.interaction(ViewSubmissions.of(form, "T1", ADMIN, Map.of("setting_giga_default_hours", "3",
                "setting_giga_platforms", "giga-standard:20,giga-pro:40", "setting_giga_default_platform",
                "giga-pro")));
        String presets = openPresetsForm(ADMIN, "C1");
        t.interaction(ViewSubmissions.of(presets, "T1", ADMIN, Map.of("preset_giga_default_hours", "2")));
        assertStarted(command("T1", "U1", "C1", "run In T1"), "giga-pro", 2);
        assertStarted(command("T1", "U1", "C2", "run In T1 elsewhere"), "giga-pro", 3);
        // The same channel id and person in another workspace: the environment's settings, no presets.
        assertStarted(command("T2", "U1", "C1", "run In T2"), "giga-standard", 1);
        assertThat(command("T2", "U1", "C1", "run --platform giga-max Bigger").body()).contains("Starting");
        assertThat(command("T1", "U1", "C1", "run --platform giga-max Bigger").body()).contains("Unknown platform");
        assertThat(command("T2", ADMIN, "C1", "audit").body()).doesNotContain("change_setting")
                .doesNotContain("change_channel_preset");
    }

    // ---- helpers ----

    private HttpResponse<String> command(String team, String user, String channel, String text) {
        return t.slackForm(SlackRequests.slashCommand(team, user, channel, text, t.slack.responseUrl()));
    }

    private static HttpResponse<String> assertStarted(HttpResponse<String> ack, String platform, int hours) {
        assertThat(ack.body()).contains("Starting").contains("on " + platform + " for " + hours
                + (hours == 1 ? " hour." : " hours."));
        return ack;
    }

    /** The blocks of a run's card, once it is posted. */
    private String card(String channel, String runId) {
        t.await("the card of " + runId, Duration.ofSeconds(10), () -> t.rootTs(channel, runId) != null);
        return t.slack.message(channel, t.rootTs(channel, runId)).blocks();
    }

    /** The App Home the person is shown when they open it: the view published for them. */
    private String home(String user, String eventId) {
        int before = t.slack.calls("views.publish").size();
        t.event(eventId, "{\"type\":\"app_home_opened\",\"user\":\"" + user + "\",\"channel\":\"D1\",\"tab\":\"home\","
                + "\"event_ts\":\"1.1\"}", Map.of());
        t.await("the Home of " + user, Duration.ofSeconds(10), () -> t.slack.calls("views.publish").size() > before);
        FakeSlack.Call publish = t.slack.calls("views.publish").get(before);
        assertThat(publish.param("user_id")).isEqualTo(user);
        return publish.param("view");
    }

    private String openSettingsForm(String user) {
        int before = t.slack.calls("views.open").size();
        assertThat(t.interaction(editSettingsClick(user)).statusCode()).isEqualTo(200);
        t.await("the settings form", Duration.ofSeconds(10), () -> t.slack.calls("views.open").size() > before);
        String view = t.slack.calls("views.open").get(before).param("view");
        assertThat(view).contains("giga_settings_modal");
        return view;
    }

    private String openPresetsForm(String user, String channel) {
        int before = t.slack.calls("views.open").size();
        assertThat(command("T1", user, channel, "settings").statusCode()).isEqualTo(200);
        t.await("the presets form", Duration.ofSeconds(10), () -> t.slack.calls("views.open").size() > before);
        return t.slack.calls("views.open").get(before).param("view");
    }

    /** The App Home's "Edit settings" button pressed by {@code user}. */
    private static String editSettingsClick(String user) {
        return "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\",\"domain\":\"acme\"},\"user\":{\"id\":\"" + user
                + "\",\"team_id\":\"T1\"},\"api_app_id\":\"A1\",\"trigger_id\":\"1.2.3\",\"container\":{\"type\":"
                + "\"view\",\"view_id\":\"V1\"},\"view\":{\"id\":\"V1\",\"type\":\"home\"},\"actions\":[{\"action_id\":"
                + "\"settings_edit\",\"block_id\":\"home_settings_actions\",\"type\":\"button\",\"value\":\"home\","
                + "\"action_ts\":\"1\"}]}";
    }
}
