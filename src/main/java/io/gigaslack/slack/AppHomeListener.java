package io.gigaslack.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.AppHomeOpenedEvent;
import io.gigaslack.service.RunService;
import io.gigaslack.service.SettingsService;
import io.gigaslack.service.UsageService;
import io.gigaslack.slack.render.HomeView;
import io.gigaslack.slack.render.SettingsBlocks;
import io.gigaslack.slack.render.UsageBlocks;
import io.gigaslack.slack.web.SlackWorkspaces;
import io.gigaslack.slack.render.GigaAccountBlocks;
import io.gigaslack.service.GigaConnections;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The App Home tab: published after the acknowledgement with the user's recent runs (and, for admins, the usage and
 * the workspace's settings).
 */
final class AppHomeListener implements BoltEventHandler<AppHomeOpenedEvent> {
    private static final Logger log = LoggerFactory.getLogger(AppHomeListener.class);

    private final RunService service;
    private final SlackWorkspaces slack;
    private final RenderContexts contexts;
    private final Executor pool;
    private final UsageService usage;
    /** The workspace's settings, shown to its admins; null when settings are not changed from Slack. */
    private final SettingsService settings;

    AppHomeListener(RunService service, UsageService usage, SettingsService settings, SlackWorkspaces slack,
            RenderContexts contexts, Executor pool) {
        this.settings = settings;
        this.usage = usage;
        this.service = service;
        this.slack = slack;
        this.contexts = contexts;
        this.pool = pool;
    }

    @Override
    public Response apply(EventsApiPayload<AppHomeOpenedEvent> req, EventContext ctx) {
        AppHomeOpenedEvent e = req.getEvent();
        if ("home".equals(e.getTab())) {
            String team = ctx.getTeamId();
            pool.execute(() -> publish(team, e.getUser()));
        }
        return ctx.ack();
    }

    /** Publishes the person's Home again soon (after a change it shows). */
    void publishLater(String team, String user) {
        pool.execute(() -> publish(team, user));
    }

    /** Publishes {@code user}'s Home in {@code team} (also after they changed something shown there). */
    void publish(String team, String user) {
        try {
            UsageBlocks.AdminSummary admin = usage.adminHome(team, user)
                    .map(h -> new UsageBlocks.AdminSummary(h.usage(), h.balance(), h.lowBalanceCredits())).orElse(null);
            SettingsBlocks.Shown shown = settings != null && settings.mayChange(team, user)
                    ? SettingsListener.shown(settings, team) : null;
            slack.team(team).publishHome(user, HomeView.render(user, service.recentOf(team, user, 15),
                    contexts.now(team), admin, shown, gigaAccount(team, user)));
        } catch (RuntimeException e) {
            log.warn("could not publish App Home: {}", e.getMessage());
        }
    }

    /** The workspace's Giga account as the Home shows it; null with one workspace (the operator's key). */
    private GigaAccountBlocks.Shown gigaAccount(String team, String user) {
        GigaConnections connections = service.gigaConnections();
        if (!connections.required()) {
            return null;
        }
        boolean admin = connections.mayManage(team, user);
        return connections.status(team)
                .map(c -> new GigaAccountBlocks.Shown(c.last4(), c.connectedBy(), c.connectedAt(), admin))
                .orElse(GigaAccountBlocks.Shown.none(admin));
    }
}
