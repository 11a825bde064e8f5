package io.gigaslack.service;

import java.util.Objects;

/**
 * The one place that answers "which settings are in force in workspace T, and what has channel C preset": the
 * environment's values, with what the workspace's admins changed in Slack in their place ({@link StoredTeamSettings}).
 * The run rules ask it for every request, for the request's workspace; the background work for the run's.
 */
public interface TeamSettings {
    /** The settings in force in the workspace (the environment's where it changed nothing). */
    WorkspaceSettings of(String teamId);

    /** What the channel presets for the runs started there; {@link ChannelPresets#NONE} when nothing. */
    ChannelPresets presets(String teamId, String channelId);

    /** The environment's settings: what a workspace that changed nothing has. */
    WorkspaceSettings defaults();

    /** The same settings for every workspace, and no presets: the app as configured by its environment alone. */
    static TeamSettings fixed(WorkspaceSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return new TeamSettings() {
            @Override
            public WorkspaceSettings of(String teamId) {
                return settings;
            }

            @Override
            public ChannelPresets presets(String teamId, String channelId) {
                return ChannelPresets.NONE;
            }

            @Override
            public WorkspaceSettings defaults() {
                return settings;
            }
        };
    }
}
