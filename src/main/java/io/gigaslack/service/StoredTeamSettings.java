package io.gigaslack.service;

import io.gigaslack.runs.WorkspaceSetting;
import io.gigaslack.store.TeamSettingsStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings in force in each workspace, from the environment's values and what the workspace's admins stored
 * ({@link TeamSettingsStore}), kept in memory for a few seconds per workspace.
 *
 * <p>How current a copy is: a change made through this process is in force for its next request (the change reloads
 * the workspace). Another replica's change is seen within {@link #FRESH_FOR}: after that a copy is checked against the
 * workspace's version (one indexed read) and read again only when the version moved. A copy read while a change
 * committed never replaces a newer one.
 *
 * <p>Callers may be inside a transaction of their own (the run updater is), so a read here takes a second connection:
 * one thread at a time checks a stale copy while the others go on with it, and one thread at a time reads a workspace
 * not yet in memory while the others wait for it, so at most one more connection is asked for per workspace.
 *
 * <p>A stored value that no longer fits (the environment changed under it: a default platform the environment's list
 * dropped, say) is left out, with a warning in the log, and the workspace has the environment's value for it until an
 * admin saves again.
 */
public final class StoredTeamSettings implements TeamSettings {
    private static final Logger log = LoggerFactory.getLogger(StoredTeamSettings.class);

    /** How long a copy is used without asking the database whether it is still current. */
    public static final Duration FRESH_FOR = Duration.ofSeconds(5);

    /**
     * A setting whose problem another setting can cause: what to leave out besides it when a stored pair no longer
     * fits together (the reader reports a pair's problem under one of them).
     */
    private static final Map<WorkspaceSetting, WorkspaceSetting> CAUSED_BY = Map.of(
            WorkspaceSetting.GIGA_DEFAULT_PLATFORM, WorkspaceSetting.GIGA_PLATFORMS,
            WorkspaceSetting.GIGA_MAX_HOURS, WorkspaceSetting.GIGA_DEFAULT_HOURS,
            WorkspaceSetting.GIGA_DEFAULT_GOAL, WorkspaceSetting.GIGA_MAX_PROMPT_CHARS,
            WorkspaceSetting.GIGA_SYSTEM_PROMPT, WorkspaceSetting.GIGA_MAX_PROMPT_CHARS,
            WorkspaceSetting.GIGA_DENIED_CHANNELS, WorkspaceSetting.GIGA_ALLOWED_CHANNELS);

    /**
     * One workspace's settings as stored at one version.
     *
     * @param own the settings the workspace's admins set (the others have the environment's value)
     * @param stored the text of each of {@link #own}
     * @param presets each channel's presets, by channel id
     */
    public record Resolved(long version, WorkspaceSettings settings, Set<WorkspaceSetting> own,
            Map<WorkspaceSetting, String> stored, Map<String, ChannelPresets> presets) {
        public Resolved {
            own = Set.copyOf(own);
            stored = Map.copyOf(stored);
            presets = Map.copyOf(presets);
        }
    }

    /** A workspace's settings as read at {@code checkedAt}; {@code checking} while one thread asks whether it is current. */
    private record Copy(Resolved resolved, Instant checkedAt, AtomicBoolean checking) {
        Copy(Resolved resolved, Instant checkedAt) {
            this(resolved, checkedAt, new AtomicBoolean());
        }
    }

    private final TeamSettingsStore store;
    private final WorkspaceSettings defaults;
    private final Clock clock;
    private final Map<String, Copy> copies = new ConcurrentHashMap<>();
    /** One lock per workspace being read for the first time. */
    private final Map<String, Object> firstReads = new ConcurrentHashMap<>();
    private final Resolved unchanged;

    public StoredTeamSettings(TeamSettingsStore store, WorkspaceSettings defaults, Clock clock) {
        this.store = store;
        this.defaults = defaults;
        this.clock = clock;
        this.unchanged = new Resolved(0, defaults, Set.of(), Map.of(), Map.of());
    }

    @Override
    public WorkspaceSettings of(String teamId) {
        return resolved(teamId).settings();
    }

    @Override
    public ChannelPresets presets(String teamId, String channelId) {
        return channelId == null ? ChannelPresets.NONE
                : resolved(teamId).presets().getOrDefault(channelId, ChannelPresets.NONE);
    }

    @Override
    public WorkspaceSettings defaults() {
        return defaults;
    }

    /** The workspace's settings with what its admins set, and its channels' presets. */
    public Resolved resolved(String teamId) {
        if (teamId == null) {
            return unchanged;
        }
        Copy copy = copies.get(teamId);
        if (copy == null) {
            synchronized (firstReads.computeIfAbsent(teamId, t -> new Object())) {
                copy = copies.get(teamId);
                return copy != null ? copy.resolved() : reload(teamId);
            }
        }
        Instant now = clock.instant();
        Duration age = Duration.between(copy.checkedAt(), now);
        if ((!age.isNegative() && age.compareTo(FRESH_FOR) < 0) || !copy.checking().compareAndSet(false, true)) {
            return copy.resolved(); // fresh, or another thread is checking it right now
        }
        try {
            if (store.version(teamId) == copy.resolved().version()) {
                return keep(teamId, new Copy(copy.resolved(), now)).resolved();
            }
            return reload(teamId);
        } finally {
            copy.checking().set(false);
        }
    }

    /** Reads the workspace from the database now: after a change, so that the next request has it. */
    public Resolved reload(String teamId) {
        Instant now = clock.instant();
        Resolved r = resolve(teamId, defaults, store.read(teamId));
        return keep(teamId, new Copy(r, now)).resolved();
    }

    /** Keeps {@code copy} unless a copy of a later version is kept already; returns the one kept. */
    private Copy keep(String teamId, Copy copy) {
        return copies.merge(teamId, copy, (old, neu) -> neu.resolved().version() >= old.resolved().version() ? neu
                : old);
    }

    /**
     * The settings of a workspace from the environment's and the stored rows: each stored value replaces the
     * environment's, except those that no longer read (left out, with a warning). Pure but for the log.
     */
    static Resolved resolve(String teamId, WorkspaceSettings defaults, TeamSettingsStore.Snapshot snapshot) {
        Map<WorkspaceSetting, String> own = new EnumMap<>(WorkspaceSetting.class);
        Map<String, Map<WorkspaceSetting, String>> presetRows = new LinkedHashMap<>();
        for (TeamSettingsStore.Row row : snapshot.rows()) {
            WorkspaceSetting s = WorkspaceSetting.named(row.setting());
            if (s == null) {
                continue; // a setting of a later version, or one no longer offered
            }
            if (row.channelId().equals(TeamSettingsStore.WORKSPACE)) {
                own.put(s, row.value());
            } else if (s.channelPreset()) {
                presetRows.computeIfAbsent(row.channelId(), c -> new EnumMap<>(WorkspaceSetting.class)).put(s,
                        row.value());
            }
        }
        WorkspaceSettings settings = settingsWith(teamId, defaults, own);
        Map<String, ChannelPresets> presets = new LinkedHashMap<>();
        presetRows.forEach((channel, values) -> {
            ChannelPresets p = presetsWith(teamId, channel, settings, values);
            if (!p.isEmpty()) {
                presets.put(channel, p);
            }
        });
        return new Resolved(snapshot.version(), settings, own.keySet(), own, presets);
    }

    /** The defaults with {@code own} in their place; drops from {@code own} what does not read. */
    static WorkspaceSettings settingsWith(String teamId, WorkspaceSettings defaults,
            Map<WorkspaceSetting, String> own) {
        for (int attempt = 0; ; attempt++) {
            Map<WorkspaceSetting, String> texts = defaults.texts();
            texts.putAll(own);
            Map<WorkspaceSetting, String> problems = new EnumMap<>(WorkspaceSetting.class);
            WorkspaceSettings read = SettingsReader.read(texts::get, defaults.runs().desktopViewerUrl(),
                    collect(problems));
            if (problems.isEmpty()) {
                return read;
            }
            Set<WorkspaceSetting> drop = EnumSet.noneOf(WorkspaceSetting.class);
            for (WorkspaceSetting s : problems.keySet()) {
                drop.add(s);
                if (CAUSED_BY.containsKey(s)) {
                    drop.add(CAUSED_BY.get(s));
                }
            }
            drop.retainAll(own.keySet());
            if (drop.isEmpty() || attempt >= 3) {
                drop = EnumSet.copyOf(own.isEmpty() ? EnumSet.noneOf(WorkspaceSetting.class) : own.keySet());
            }
            log.warn("workspace {}: its {} no longer fit the app's settings ({}); it has the defaults for them until"
                    + " an admin saves them again", teamId, drop, problems.values());
            if (drop.isEmpty()) {
                return defaults; // cannot happen: the defaults read without a problem
            }
            own.keySet().removeAll(drop);
        }
    }

    private static ChannelPresets presetsWith(String teamId, String channel, WorkspaceSettings settings,
            Map<WorkspaceSetting, String> values) {
        Map<WorkspaceSetting, String> problems = new EnumMap<>(WorkspaceSetting.class);
        ChannelPresets p = SettingsReader.readPresets(values::get, settings, collect(problems));
        if (problems.isEmpty()) {
            return p;
        }
        log.warn("workspace {}: channel {}'s presets {} no longer fit its settings ({}); they are left out", teamId,
                channel, problems.keySet(), problems.values());
        values.keySet().removeAll(problems.keySet());
        return SettingsReader.readPresets(values::get, settings, collect(new EnumMap<>(WorkspaceSetting.class)));
    }

    /** A problem sink keeping the first problem of each setting, as "SETTING what". */
    static SettingsReader.Problems collect(Map<WorkspaceSetting, String> into) {
        return new SettingsReader.Problems() {
            @Override
            public void bad(WorkspaceSetting s, String what) {
                into.putIfAbsent(s, s.name() + " " + what);
            }

            @Override
            public void missing(WorkspaceSetting s) {
                into.putIfAbsent(s, s.name() + " is missing");
            }
        };
    }
}
