package io.gigaslack.slack;

import io.gigaslack.runs.AccessRules;
import io.gigaslack.runs.CreditBudget;
import io.gigaslack.runs.Limits;
import io.gigaslack.service.DesktopSettings;
import io.gigaslack.service.RunSettings;
import io.gigaslack.service.TeamSettings;
import io.gigaslack.service.WorkspaceSettings;
import io.gigaslack.slack.render.RenderContext;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

/**
 * The render context of a workspace's runs at a moment: what every renderer needs beside the run (the workspace's
 * platforms and their rates, whether it stops computers by itself and takes screenshots, the viewer). Applied to a
 * moment alone it is the environment's, for what belongs to no workspace.
 */
public final class RenderContexts implements Function<Instant, RenderContext> {
    private final TeamSettings teams;
    private final DesktopSettings desktop;
    private final Clock clock;

    public RenderContexts(RunSettings settings, Clock clock) {
        this(settings, DesktopSettings.OFF, clock);
    }

    /** The same settings for every workspace. */
    public RenderContexts(RunSettings settings, DesktopSettings desktop, Clock clock) {
        this(TeamSettings.fixed(new WorkspaceSettings(settings, Limits.defaults(settings.platforms().keySet()),
                CreditBudget.NONE, AccessRules.open(), desktop.screenshots())), desktop, clock);
    }

    /** Each workspace's own settings. */
    public RenderContexts(TeamSettings teams, DesktopSettings desktop, Clock clock) {
        this.teams = teams;
        this.desktop = desktop;
        this.clock = clock;
    }

    /** The environment's context at {@code now}. */
    @Override
    public RenderContext apply(Instant now) {
        return of(teams.defaults(), now);
    }

    /** The context of the workspace's runs at {@code now}. */
    public RenderContext of(String teamId, Instant now) {
        return of(teams.of(teamId), now);
    }

    /** The context of the workspace's runs now. */
    public RenderContext now(String teamId) {
        return of(teamId, clock.instant());
    }

    /** The environment's context now. */
    public RenderContext now() {
        return apply(clock.instant());
    }

    private RenderContext of(WorkspaceSettings s, Instant now) {
        return RenderContext.of(now, s.runs().platforms().values(), s.runs().desktopViewerUrl(), s.runs().autoStop())
                .withDesktop(desktop.builtInViewer(), s.screenshots());
    }
}
