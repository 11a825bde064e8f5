package io.gigaslack.service;

import io.gigaslack.runs.Decision;
import io.gigaslack.runs.WorkspaceSetting;
import io.gigaslack.store.AuditLog;
import io.gigaslack.store.Jdbc;
import io.gigaslack.store.RaceRetry;
import io.gigaslack.store.TeamSettingsStore;
import io.gigaslack.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Changes to a workspace's settings and to its channels' presets, made by its admins in Slack. Each change is checked
 * as the environment's values are ({@link SettingsReader}, the same words), applied under the workspace's settings
 * lock, written to the audit log (who, which setting, the old and the new value) in the same transaction, and in force
 * for the next request ({@link StoredTeamSettings#reload}). Who may: workspace admins and owners and the app's admins,
 * checked on every change, not only when the form was opened.
 */
public final class SettingsService {
    /** The audit log's action for a change of a workspace setting. */
    public static final String AUDIT_SETTING = "change_setting";
    /** The audit log's action for a change of a channel's preset. */
    public static final String AUDIT_PRESET = "change_channel_preset";
    /** The longest value the audit log shows of a text (a goal, instructions). */
    static final int AUDIT_TEXT_MAX = 300;

    /** One setting changed: its text before and after ("" for none). */
    public record Changed(WorkspaceSetting setting, String before, String after) {}

    /**
     * What became of a change: refused (the person may not), refused for the values (by setting, the problem in the
     * configuration's words), or applied (possibly changing nothing).
     */
    public record Outcome(Decision refusal, Map<WorkspaceSetting, String> errors, List<Changed> changes) {
        public Outcome {
            errors = errors == null ? Map.of() : Map.copyOf(errors);
            changes = changes == null ? List.of() : List.copyOf(changes);
        }

        static Outcome refusedBy(String words) {
            return new Outcome(Decision.refused(Decision.Reason.NOT_OWNER, words), null, null);
        }

        public boolean refused() {
            return refusal != null;
        }

        public boolean hasErrors() {
            return !errors.isEmpty();
        }
    }

    public static final String ONLY_ADMINS = "Only workspace admins and owners and the app's admins can change the"
            + " app's settings.";
    public static final String ONLY_ADMINS_PRESETS = "Only workspace admins and owners and the app's admins can set"
            + " a channel's presets.";

    private final Jdbc jdbc;
    private final TeamSettingsStore store;
    private final StoredTeamSettings teams;
    private final AuditLog audit;
    private final Directory directory;
    private final Clock clock;

    public SettingsService(Jdbc jdbc, TeamSettingsStore store, StoredTeamSettings teams, AuditLog audit,
            Directory directory, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.teams = teams;
        this.audit = audit;
        this.directory = directory;
        this.clock = clock;
    }

    /** The settings in force in the workspace, which of them its admins set, and its channels' presets. */
    public StoredTeamSettings.Resolved current(String teamId) {
        return teams.resolved(teamId);
    }

    /** The environment's settings: what a workspace has where its admins set nothing. */
    public WorkspaceSettings defaults() {
        return teams.defaults();
    }

    /**
     * Whether the person may change the workspace's settings and its channels' presets: a workspace admin or owner, or
     * one of the app's admins in that workspace.
     */
    public boolean mayChange(String teamId, String userId) {
        return userId != null && (teams.of(teamId).access().isConfiguredAdmin(userId)
                || directory.isWorkspaceAdmin(teamId, userId));
    }

    /**
     * Sets the workspace's settings to the {@code submitted} texts (those not submitted keep their values). All of
     * them are checked together, with the workspace's other settings, as the environment's are; nothing is changed
     * when one is wrong. A value equal to the environment's is not stored: the workspace then follows the
     * environment's value for that setting again.
     */
    public Outcome change(String teamId, String userId, Map<WorkspaceSetting, String> submitted) {
        if (!mayChange(teamId, userId)) {
            return Outcome.refusedBy(ONLY_ADMINS);
        }
        WorkspaceSettings defaults = teams.defaults();
        Outcome outcome = RaceRetry.inTransaction(jdbc, tx -> {
            store.lock(tx, teamId);
            Map<WorkspaceSetting, String> stored = own(tx, teamId);
            WorkspaceSettings before = StoredTeamSettings.settingsWith(teamId, defaults, new EnumMap<>(stored));
            Map<WorkspaceSetting, String> proposed = before.texts();
            proposed.putAll(submitted);
            Map<WorkspaceSetting, String> errors = new EnumMap<>(WorkspaceSetting.class);
            WorkspaceSettings after = SettingsReader.read(proposed::get, defaults.runs().desktopViewerUrl(),
                    StoredTeamSettings.collect(errors));
            if (!errors.isEmpty()) {
                return new Outcome(null, errors, null);
            }
            Instant now = clock.instant();
            List<Changed> changes = new ArrayList<>();
            for (WorkspaceSetting s : WorkspaceSetting.values()) {
                String was = before.text(s);
                String is = after.text(s);
                // The rows become what is in force: a value equal to the environment's is not kept, and neither is a
                // stored one the environment no longer allowed (it was not in force).
                String row = is.equals(defaults.text(s)) ? null : is;
                if (row == null && stored.containsKey(s)) {
                    store.remove(tx, teamId, TeamSettingsStore.WORKSPACE, s.name());
                } else if (row != null && !row.equals(stored.get(s))) {
                    store.put(tx, teamId, TeamSettingsStore.WORKSPACE, s.name(), row, userId, now);
                }
                if (was.equals(is)) {
                    continue;
                }
                audit.record(tx, teamId, userId, AUDIT_SETTING, null, s.name() + ": " + shown(s, was) + " → "
                        + shown(s, is), now);
                changes.add(new Changed(s, was, is));
            }
            return new Outcome(null, null, changes);
        });
        teams.reload(teamId);
        return outcome;
    }

    /**
     * Sets the channel's presets to the {@code submitted} texts: a blank one removes that preset, one not submitted
     * keeps its value. Each is checked against the workspace's settings; nothing is changed when one is wrong.
     */
    public Outcome changePresets(String teamId, String channelId, String userId,
            Map<WorkspaceSetting, String> submitted) {
        Objects.requireNonNull(channelId, "channelId");
        if (!mayChange(teamId, userId)) {
            return Outcome.refusedBy(ONLY_ADMINS_PRESETS);
        }
        WorkspaceSettings defaults = teams.defaults();
        Outcome outcome = RaceRetry.inTransaction(jdbc, tx -> {
            store.lock(tx, teamId);
            WorkspaceSettings workspace = StoredTeamSettings.settingsWith(teamId, defaults, own(tx, teamId));
            Map<WorkspaceSetting, String> stored = new EnumMap<>(WorkspaceSetting.class);
            store.read(tx, teamId, channelId).forEach((name, value) -> {
                WorkspaceSetting s = WorkspaceSetting.named(name);
                if (s != null && s.channelPreset()) {
                    stored.put(s, value);
                }
            });
            Map<WorkspaceSetting, String> proposed = new EnumMap<>(stored);
            submitted.forEach((s, v) -> {
                if (s.channelPreset()) {
                    proposed.put(s, v == null ? "" : v);
                }
            });
            Map<WorkspaceSetting, String> errors = new EnumMap<>(WorkspaceSetting.class);
            ChannelPresets after = SettingsReader.readPresets(proposed::get, workspace,
                    StoredTeamSettings.collect(errors));
            if (!errors.isEmpty()) {
                return new Outcome(null, errors, null);
            }
            Map<WorkspaceSetting, String> is = after.texts();
            Instant now = clock.instant();
            List<Changed> changes = new ArrayList<>();
            for (WorkspaceSetting s : WorkspaceSetting.presets()) {
                String was = stored.getOrDefault(s, "");
                String set = is.getOrDefault(s, "");
                if (was.equals(set)) {
                    continue;
                }
                if (set.isEmpty()) {
                    store.remove(tx, teamId, channelId, s.name());
                } else {
                    store.put(tx, teamId, channelId, s.name(), set, userId, now);
                }
                audit.record(tx, teamId, userId, AUDIT_PRESET, null, "channel " + channelId + ", " + s.name() + ": "
                        + shownPreset(s, was) + " → " + shownPreset(s, set), now);
                changes.add(new Changed(s, was, set));
            }
            return new Outcome(null, null, changes);
        });
        teams.reload(teamId);
        return outcome;
    }

    /** Removes every preset of the channel. */
    public Outcome clearPresets(String teamId, String channelId, String userId) {
        Map<WorkspaceSetting, String> none = new EnumMap<>(WorkspaceSetting.class);
        WorkspaceSetting.presets().forEach(s -> none.put(s, ""));
        return changePresets(teamId, channelId, userId, none);
    }

    /** The workspace's stored settings of known names, read in the caller's transaction. */
    private Map<WorkspaceSetting, String> own(Tx tx, String teamId) {
        Map<WorkspaceSetting, String> own = new EnumMap<>(WorkspaceSetting.class);
        store.read(tx, teamId, TeamSettingsStore.WORKSPACE).forEach((name, value) -> {
            WorkspaceSetting s = WorkspaceSetting.named(name);
            if (s != null) {
                own.put(s, value);
            }
        });
        return own;
    }

    /** A value as the audit log shows it: texts quoted and cut, an empty one as "empty". */
    static String shown(WorkspaceSetting s, String value) {
        if (value.isEmpty()) {
            return "empty";
        }
        if (s.input() == WorkspaceSetting.Input.LONG_TEXT) {
            String one = value.replaceAll("\\s+", " ").strip();
            return "“" + (one.length() > AUDIT_TEXT_MAX ? one.substring(0, AUDIT_TEXT_MAX - 1) + "…" : one) + "”";
        }
        return value;
    }

    private static String shownPreset(WorkspaceSetting s, String value) {
        return value.isEmpty() ? "none" : shown(s, value);
    }
}
