package io.gigaslack.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.runs.AuditEntry;
import io.gigaslack.runs.WorkspaceSetting;
import io.gigaslack.store.AuditLog;
import io.gigaslack.store.Database;
import io.gigaslack.store.TeamSettingsStore;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestDatabases;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each workspace's settings on a migrated H2: the environment's until its admins change one, then theirs for that
 * setting only and for that workspace only; changes checked in the configuration's words, refused to non-admins,
 * audited, and seen by another replica within {@link StoredTeamSettings#FRESH_FOR}.
 */
class TeamSettingsTest {
    static final String ADMIN = "UADMIN";
    static Database db;

    SettableClock clock;
    TeamSettingsStore store;
    AuditLog audit;
    StoredTeamSettings teams;
    SettingsService settings;

    @BeforeAll
    static void openDatabase() {
        db = TestDatabases.h2();
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @BeforeEach
    void setUp() {
        TestDatabases.clean(db);
        clock = new SettableClock();
        store = new TeamSettingsStore(db.jdbc());
        audit = new AuditLog(db.jdbc());
        teams = new StoredTeamSettings(store, SettingsFixtures.defaults(), clock);
        settings = service(teams);
    }

    SettingsService service(StoredTeamSettings on) {
        return new SettingsService(db.jdbc(), store, on, audit, admins(ADMIN), clock);
    }

    static Directory admins(String... ids) {
        Set<String> admins = Set.of(ids);
        return new Directory() {
            @Override
            public boolean isWorkspaceAdmin(String teamId, String userId) {
                return admins.contains(userId);
            }

            @Override
            public Set<String> groupsOf(String teamId, String userId, Set<String> candidates) {
                return Set.of();
            }
        };
    }

    static Map<WorkspaceSetting, String> set(Object... pairs) {
        Map<WorkspaceSetting, String> m = new EnumMap<>(WorkspaceSetting.class);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((WorkspaceSetting) pairs[i], (String) pairs[i + 1]);
        }
        return m;
    }

    // ---- resolution ----

    @Test
    void a_workspace_that_changed_nothing_has_the_environments_settings() {
        assertThat(teams.of("T1")).isEqualTo(SettingsFixtures.defaults());
        assertThat(teams.resolved("T1").own()).isEmpty();
        assertThat(teams.presets("T1", "C1")).isEqualTo(ChannelPresets.NONE);
    }

    @Test
    void a_workspace_value_replaces_that_setting_only() {
        settings.change("T1", ADMIN, set(WorkspaceSetting.GIGA_MAX_HOURS, "12"));

        WorkspaceSettings t1 = teams.of("T1");
        assertThat(t1.limits().maxHours()).isEqualTo(12);
        assertThat(t1.texts()).isEqualTo(SettingsFixtures.read(set(WorkspaceSetting.GIGA_MAX_HOURS, "12")).texts());
        assertThat(teams.resolved("T1").own()).containsExactly(WorkspaceSetting.GIGA_MAX_HOURS);
    }

    @Test
    void one_workspaces_change_never_reaches_another_workspace() {
        settings.change("T1", ADMIN, set(WorkspaceSetting.GIGA_MAX_HOURS, "12", WorkspaceSetting.GIGA_ADMIN_USERS,
                "U0EXTRA"));
        settings.changePresets("T1", "C1", ADMIN, set(WorkspaceSetting.GIGA_DEFAULT_HOURS, "3"));

        assertThat(teams.of("T2")).isEqualTo(SettingsFixtures.defaults());
        assertThat(teams.presets("T2", "C1")).isEqualTo(ChannelPresets.NONE);
        assertThat(settings.mayChange("T2", "U0EXTRA")).isFalse();
        assertThat(settings.mayChange("T1", "U0EXTRA")).isTrue();
        assertThat(audit.recent("T2", 10)).isEmpty();
    }

    @Test
    void a_value_set_back_to_the_environments_follows_the_environment_again() {
        settings.change("T1", ADMIN, set(WorkspaceSetting.GIGA_MAX_HOURS, "12"));
        settings.change("T1", ADMIN, set(WorkspaceSetting.GIGA_MAX_HOURS, "8"));

        assertThat(store.read("T1").rows()).isEmpty();
        assertThat(teams.resolved("T1").own()).isEmpty();
        // A later environment with another value would now apply to this workspace too.
        StoredTeamSettings withOtherEnvironment = new StoredTeamSettings(store,
                SettingsFixtures.read(set(WorkspaceSetting.GIGA_MAX_HOURS, "10")), clock);
        assertThat(withOtherEnvironment.of("T1").limits().maxHours()).isEqualTo(10);
    }

    @Test
    void a_stored_value_the_environment_no_longer_allows_gives_way_to_the_environments() {
        settings.change("T1", ADMIN, set(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "giga-pro",
                WorkspaceSetting.GIGA_MAX_CONCURRENT_PER_USER, "7"));
        // The operator drops giga-pro from the platforms; the workspace stored it as its default.
        StoredTeamSettings after = new StoredTeamSettings(store, SettingsFixtures.read(set(
                WorkspaceSetting.GIGA_PLATFORMS, "giga-standard:20,giga-mini:10")), clock);

        WorkspaceSettings t1 = after.of("T1");
        assertThat(t1.runs().defaultPlatform()).isEqualTo("giga-standard");
        assertThat(t1.limits().maxConcurrentPerUser()).as("the rest stays").isEqualTo(7);
        assertThat(after.resolved("T1").own()).containsExactly(WorkspaceSetting.GIGA_MAX_CONCURRENT_PER_USER);
        // The next save keeps only what is in force.
        service(after).change("T1", ADMIN, set(WorkspaceSetting.GIGA_MAX_HOURS, "6"));
        assertThat(store.read("T1").rows()).extracting(TeamSettingsStore.Row::setting)
                .containsExactlyInAnyOrder("GIGA_MAX_CONCURRENT_PER_USER", "GIGA_MAX_HOURS");
    }

    @Test
    void another_replica_sees_a_change_within_a_few_seconds() {
        StoredTeamSettings otherReplica = new StoredTeamSettings(store, SettingsFixtures.defaults(), clock);
        assertThat(otherReplica.of("T1").limits().maxHours()).isEqualTo(8);

        settings.change("T1", ADMIN, set(WorkspaceSetting.GIGA_MAX_HOURS, "12"));

        assertThat(teams.of("T1").limits().maxHours()).as("this replica, at once").isEqualTo(12);
        clock.advance(StoredTeamSettings.FRESH_FOR.minusSeconds(1));
        assertThat(otherReplica.of("T1").limits().maxHours()).as("the other, still its copy").isEqualTo(8);
        clock.advance(Duration.ofSeconds(1));
        assertThat(otherReplica.of("T1").limits().maxHours()).as("the other, after FRESH_FOR").isEqualTo(12);
    }

    @Test
    void a_copy_still_current_is_not_read_again() {
        settings.change("T1", ADMIN, set(WorkspaceSetting.GIGA_MAX_HOURS, "12"));
        StoredTeamSettings.Resolved first = teams.resolved("T1");
        clock.advance(StoredTeamSettings.FRESH_FOR.multipliedBy(3));

        assertThat(teams.resolved("T1")).as("the same version: the same copy").isSameAs(first);
    }

    // ---- changes ----

    @Test
    void someone_who_is_not_an_admin_changes_nothing() {
        SettingsService.Outcome o = settings.change("T1", "U1", set(WorkspaceSetting.GIGA_MAX_HOURS, "12",
                WorkspaceSetting.GIGA_ADMIN_USERS, "U1"));

        assertThat(o.refused()).isTrue();
        assertThat(o.refusal().text()).isEqualTo(SettingsService.ONLY_ADMINS);
        assertThat(store.read("T1")).isEqualTo(new TeamSettingsStore.Snapshot(0, List.of()));
        assertThat(audit.recent("T1", 10)).isEmpty();
        assertThat(settings.changePresets("T1", "C1", "U1", set(WorkspaceSetting.GIGA_DEFAULT_HOURS, "2")).refusal()
                .text()).isEqualTo(SettingsService.ONLY_ADMINS_PRESETS);
        assertThat(teams.presets("T1", "C1")).isEqualTo(ChannelPresets.NONE);
    }

    @Test
    void the_apps_admins_a_workspace_named_may_change_its_settings_too() {
        settings.change("T1", ADMIN, set(WorkspaceSetting.GIGA_ADMIN_USERS, "U0HELPER"));

        assertThat(settings.change("T1", "U0HELPER", set(WorkspaceSetting.GIGA_MAX_HOURS, "4")).refused()).isFalse();
        assertThat(teams.of("T1").limits().maxHours()).isEqualTo(4);
    }

    @Test
    void wrong_values_are_refused_each_under_its_setting_in_the_configurations_words_and_nothing_is_kept() {
        SettingsService.Outcome o = settings.change("T1", ADMIN, set(
                WorkspaceSetting.GIGA_MAX_HOURS, "0",
                WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "giga-huge",
                WorkspaceSetting.GIGA_ALLOWED_USERS, "U01,@alice",
                WorkspaceSetting.GIGA_AUTO_STOP_AFTER_MINUTES, "soon",
                WorkspaceSetting.GIGA_DEFAULT_HOURS, "2"));

        assertThat(o.errors()).containsOnly(
                Map.entry(WorkspaceSetting.GIGA_MAX_HOURS, "GIGA_MAX_HOURS is 0, which would allow nothing (there is"
                        + " no \"unlimited\"; set a large number instead)"),
                Map.entry(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "GIGA_DEFAULT_PLATFORM is 'giga-huge', which"
                        + " GIGA_PLATFORMS does not list"),
                Map.entry(WorkspaceSetting.GIGA_ALLOWED_USERS, "GIGA_ALLOWED_USERS has entries that are not member"
                        + " ids (U… or W…, in capital letters and digits) ['@alice']"),
                Map.entry(WorkspaceSetting.GIGA_AUTO_STOP_AFTER_MINUTES, "GIGA_AUTO_STOP_AFTER_MINUTES is 'soon',"
                        + " not a whole number of minutes or off"));
        assertThat(store.read("T1").rows()).isEmpty();
        assertThat(teams.of("T1").runs().defaultHours()).as("the valid one is not kept either").isEqualTo(1);
    }

    @Test
    void settings_that_must_agree_are_checked_together() {
        SettingsService.Outcome o = settings.change("T1", ADMIN, set(WorkspaceSetting.GIGA_DEFAULT_HOURS, "6",
                WorkspaceSetting.GIGA_MAX_HOURS, "4"));

        assertThat(o.errors()).containsOnly(Map.entry(WorkspaceSetting.GIGA_MAX_HOURS,
                "GIGA_MAX_HOURS is 4, less than GIGA_DEFAULT_HOURS (6)"));
        settings.change("T1", ADMIN, set(WorkspaceSetting.GIGA_PLATFORMS, "giga-standard:20,giga-ultra:200",
                WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "giga-ultra"));
        assertThat(teams.of("T1").runs().defaultPlatform()).isEqualTo("giga-ultra");
        assertThat(teams.of("T1").platform("giga-ultra").creditsPerHour()).isEqualTo(200);
    }

    @Test
    void every_change_is_in_the_audit_log_with_who_which_setting_and_the_old_and_new_value() {
        clock.advance(Duration.ofMinutes(1));
        settings.change("T1", ADMIN, set(WorkspaceSetting.GIGA_MAX_HOURS, "12",
                WorkspaceSetting.GIGA_MAX_CREDITS_PER_USER_PER_DAY, "500",
                WorkspaceSetting.GIGA_SCREENSHOTS, "false",
                WorkspaceSetting.GIGA_MAX_CONCURRENT_PER_USER, "3")); // unchanged: no line
        settings.changePresets("T1", "C7", ADMIN, set(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "giga-pro"));
        settings.changePresets("T1", "C7", ADMIN, set(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, ""));

        assertThat(audit.recent("T1", 10)).extracting(AuditEntry::userId, AuditEntry::action, AuditEntry::detail)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(ADMIN, "change_setting", "GIGA_SCREENSHOTS: true → false"),
                        org.assertj.core.groups.Tuple.tuple(ADMIN, "change_setting", "GIGA_MAX_HOURS: 8 → 12"),
                        org.assertj.core.groups.Tuple.tuple(ADMIN, "change_setting",
                                "GIGA_MAX_CREDITS_PER_USER_PER_DAY: off → 500"),
                        org.assertj.core.groups.Tuple.tuple(ADMIN, "change_channel_preset",
                                "channel C7, GIGA_DEFAULT_PLATFORM: none → giga-pro"),
                        org.assertj.core.groups.Tuple.tuple(ADMIN, "change_channel_preset",
                                "channel C7, GIGA_DEFAULT_PLATFORM: giga-pro → none"));
        assertThat(audit.recent("T1", 10)).allSatisfy(e -> assertThat(e.at()).isEqualTo(clock.instant()));
    }

    @Test
    void long_texts_are_cut_in_the_audit_log_and_kept_whole_in_the_settings() {
        String goal = "Keep every result as a file. ".repeat(30).strip();
        settings.change("T1", ADMIN, set(WorkspaceSetting.GIGA_DEFAULT_GOAL, goal));

        assertThat(teams.of("T1").runs().defaultGoal()).isEqualTo(goal);
        String detail = audit.recent("T1", 1).get(0).detail();
        assertThat(detail).startsWith("GIGA_DEFAULT_GOAL: “Finish the task and save every result on the Desktop.” → “"
                + "Keep every result").endsWith("…”");
        assertThat(detail.length()).isLessThan(SettingsService.AUDIT_TEXT_MAX * 2);
    }

    // ---- channel presets ----

    @Test
    void a_channels_presets_are_checked_against_its_workspaces_settings() {
        settings.change("T1", ADMIN, set(WorkspaceSetting.GIGA_MAX_HOURS, "4"));

        SettingsService.Outcome o = settings.changePresets("T1", "C1", ADMIN, set(
                WorkspaceSetting.GIGA_DEFAULT_HOURS, "6", WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "giga-max"));

        assertThat(o.errors()).containsOnly(
                Map.entry(WorkspaceSetting.GIGA_DEFAULT_HOURS, "GIGA_DEFAULT_HOURS is 6, more than GIGA_MAX_HOURS (4)"),
                Map.entry(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "GIGA_DEFAULT_PLATFORM is 'giga-max', which"
                        + " GIGA_PLATFORMS does not list"));
        assertThat(teams.presets("T1", "C1")).isEqualTo(ChannelPresets.NONE);
    }

    @Test
    void presets_are_set_kept_per_channel_changed_one_at_a_time_and_cleared() {
        settings.changePresets("T1", "C1", ADMIN, set(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "giga-pro",
                WorkspaceSetting.GIGA_DEFAULT_HOURS, "2", WorkspaceSetting.GIGA_SYSTEM_PROMPT, "Answer in French."));
        settings.changePresets("T1", "C1", ADMIN, set(WorkspaceSetting.GIGA_DEFAULT_HOURS, ""));

        assertThat(teams.presets("T1", "C1")).isEqualTo(new ChannelPresets("giga-pro", null, null,
                "Answer in French."));
        assertThat(teams.presets("T1", "C2")).isEqualTo(ChannelPresets.NONE);
        assertThat(settings.clearPresets("T1", "C1", ADMIN).changes()).extracting(SettingsService.Changed::setting)
                .containsExactly(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, WorkspaceSetting.GIGA_SYSTEM_PROMPT);
        assertThat(teams.presets("T1", "C1")).isEqualTo(ChannelPresets.NONE);
    }

    @Test
    void a_preset_the_workspace_no_longer_allows_is_left_out() {
        settings.changePresets("T1", "C1", ADMIN, set(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "giga-pro",
                WorkspaceSetting.GIGA_DEFAULT_HOURS, "6"));
        settings.change("T1", ADMIN, set(WorkspaceSetting.GIGA_MAX_HOURS, "4"));

        assertThat(teams.presets("T1", "C1")).isEqualTo(new ChannelPresets("giga-pro", null, null, null));
    }
}
