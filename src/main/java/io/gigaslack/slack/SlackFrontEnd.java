package io.gigaslack.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.model.event.AgentSessionStoppedEvent;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.MessageFileShareEvent;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.AppUninstalledEvent;
import com.slack.api.model.event.TokensRevokedEvent;
import io.gigaslack.http.Route;
import io.gigaslack.service.RunService;
import io.gigaslack.service.SettingsService;
import io.gigaslack.service.UsageService;
import io.gigaslack.service.WorkspaceDeparture;
import io.gigaslack.slack.command.SlackText;
import io.gigaslack.slack.install.Distribution;
import io.gigaslack.slack.render.ActionIds;
import io.gigaslack.slack.render.PresetsModal;
import io.gigaslack.slack.render.SettingsBlocks;
import io.gigaslack.slack.render.SettingsModal;
import io.gigaslack.slack.render.RunModal;
import io.gigaslack.slack.web.SlackWebGateway;
import io.gigaslack.slack.web.SlackWorkspaces;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * The Slack front-end as one piece: Bolt's {@code App} with every listener registered (the {@code /giga} command,
 * the card's buttons, the run modal, the "Run with Giga" message shortcut, mentions and the App Home), reached either
 * through {@link #eventsRoute()} (HTTP mode) or through Socket Mode. Each listener parses, asks the
 * {@link RunService} and acknowledges; it never waits on Giga. Any other request Slack sends (an event, a closed
 * modal, a global shortcut, an unknown button) is acknowledged too, with a DEBUG line, in both modes ({@link Listeners}).
 */
public final class SlackFrontEnd implements AutoCloseable {
    public static final String COMMAND = "/giga";
    public static final String SHORTCUT_CALLBACK_ID = "run_with_giga";

    /**
     * How the app meets Slack.
     *
     * @param botToken the bot token ({@code xoxb-…})
     * @param signingSecret checks HTTP requests; null in Socket Mode
     * @param appToken the app-level token for Socket Mode, or null for HTTP mode
     * @param connectTimeout how long Socket Mode may take to connect at start-up
     * @param distribution distributed mode (each request's bot token from its workspace's installation; HTTP mode
     *     only, {@code botToken} is then null), or null for single-workspace mode
     */
    public record Options(String botToken, String signingSecret, String appToken, Duration connectTimeout,
            Distribution distribution) {
        public boolean socketMode() {
            return appToken != null;
        }
    }

    private final SocketModeApp socketMode;
    private final Route eventsRoute;
    private final ExecutorService pool;

    private SlackFrontEnd(SocketModeApp socketMode, Route eventsRoute, ExecutorService pool) {
        this.socketMode = socketMode;
        this.eventsRoute = eventsRoute;
        this.pool = pool;
    }

    /**
     * Builds Bolt's app over {@code gateway}'s SDK instance (one configuration, one OkHttpClient), registers the
     * listeners and, in Socket Mode, connects, waiting until Slack's first message arrives on the socket: when it
     * cannot, it throws {@link SocketModeException} saying why, with nothing left running. {@code ackTimes} is told
     * each acknowledged HTTP request's kind and how long it took. {@code workspaces} gives each workspace's gateway
     * (its bot token), {@code departure} handles the app being removed from a workspace (null: nothing to do),
     * {@code talk} says how plain messages in run threads are treated, {@code settings}: the workspace settings and
     * channel presets admins change from Slack.
     */
    public static SlackFrontEnd start(Options options, RunService service, UsageService usage,
            SettingsService settings, SlackWebGateway gateway, SlackWorkspaces workspaces,
            WorkspaceDeparture departure, DeliveryLog deliveries, Clock clock,
            BiConsumer<String, Duration> ackTimes, ThreadMessageListener.Talk talk) {
        AppConfig.AppConfigBuilder bolt = AppConfig.builder()
                .slack(gateway.slack())
                .signingSecret(options.signingSecret())
                // Our own verifier checks signatures over raw bytes in constant time, before Bolt sees the body.
                .requestVerificationEnabled(false);
        Distribution distribution = options.distribution();
        if (distribution != null && options.socketMode()) {
            throw new IllegalArgumentException("Slack does not distribute Socket Mode apps");
        }
        App app = Listeners.newApp(distribution != null ? distribution.configure(bolt).build()
                : bolt.singleTeamBotToken(options.botToken()).build());
        if (distribution != null) {
            distribution.attach(app);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "slack-views");
            t.setDaemon(true);
            return t;
        });
        registerListeners(app, service, usage, settings, workspaces, departure, deliveries,
                new RenderContexts(service.teams(), service.desktop(), clock), clock, pool, talk);
        if (options.socketMode()) {
            try {
                SocketModeApp socketMode = SocketModeConnector.connect(options.appToken(), app, gateway,
                        options.connectTimeout());
                return new SlackFrontEnd(socketMode, null, pool);
            } catch (RuntimeException e) {
                pool.shutdownNow();
                throw e;
            }
        }
        Route events = new SlackEventsEndpoint(app, new SlackSignatureVerifier(options.signingSecret(), clock), ackTimes);
        return new SlackFrontEnd(null, events, pool);
    }

    /**
     * Registers every listener on {@code app}, and the acknowledgement of every request none of them handles (see
     * {@link Listeners}); public for the test that compares them with the manifest.
     */
    public static void registerListeners(App app, RunService service, UsageService usage, SlackWebGateway gateway,
            DeliveryLog deliveries, RenderContexts contexts, Clock clock, ExecutorService pool) {
        registerListeners(app, service, usage, null, SlackWorkspaces.single(gateway), null, deliveries, contexts,
                clock, pool, ThreadMessageListener.Talk.DEFAULT);
    }

    /**
     * As above, with the settings admins change from Slack ({@code settings}; null: none), each workspace's gateway,
     * what to do when the app is removed from a workspace, and how plain messages in run threads are treated.
     */
    public static void registerListeners(App app, RunService service, UsageService usage, SettingsService settings,
            SlackWorkspaces workspaces, WorkspaceDeparture departure, DeliveryLog deliveries, RenderContexts contexts,
            Clock clock, ExecutorService pool, ThreadMessageListener.Talk talk) {
        Listeners listeners = Listeners.on(app);
        // Every request says which team (and Grid org) it comes from: a team of an org-wide install is found by it.
        if (workspaces != null) {
            listeners.onEveryRequest(c -> workspaces.heardFrom(c.getTeamId(), c.getEnterpriseId()));
        }
        ChannelReach reach = new ChannelReach(workspaces, clock);
        RunModalOpener modal = new RunModalOpener(workspaces, service, reach, pool);
        AppHomeListener home = new AppHomeListener(service, usage, settings, workspaces, contexts, pool);
        SettingsListener settingsForms = settings == null ? null
                : new SettingsListener(settings, service, workspaces, pool, home);
        if (settingsForms != null) {
            listeners.blockAction(SettingsBlocks.EDIT_ACTION, settingsForms::edit);
            listeners.viewSubmission(SettingsModal.CALLBACK_ID, settingsForms::settingsSubmitted);
            listeners.viewSubmission(PresetsModal.CALLBACK_ID, settingsForms::presetsSubmitted);
        }
        listeners.command(COMMAND, new CommandListener(service, modal, reach, contexts, usage, settingsForms));
        ButtonListener buttons = new ButtonListener(service, contexts);
        for (String id : new String[] {ActionIds.RUN_STOP, ActionIds.RUN_EXTEND, ActionIds.RUN_RETRY,
                ActionIds.RUN_DELETE, ActionIds.RUN_DELETE_CONFIRM, ActionIds.RUN_STATUS, ActionIds.RUN_OPEN_DESKTOP,
                ActionIds.RUN_SCREENSHOT, ActionIds.RUN_KEEP}) {
            listeners.blockAction(id, buttons);
        }
        listeners.blockAction(ActionIds.RUN_DELETE_CANCEL, (req, ctx) -> ctx.ack());
        listeners.blockAction(ActionIds.DESKTOP_LINK, (req, ctx) -> ctx.ack()); // a link button: Slack opens the URL
        listeners.blockAction(ActionIds.OPEN_RUN_MODAL, (req, ctx) -> {
            var p = req.getPayload();
            String channel = p.getChannel() != null ? p.getChannel().getId() : p.getUser().getId();
            String team = p.getTeam() == null ? null : p.getTeam().getId();
            modal.open(team, p.getTriggerId(), channel, p.getUser().getId(), RunModal.Prefill.NONE);
            return ctx.ack();
        });
        listeners.viewSubmission(RunModal.CALLBACK_ID, new RunModalListener(service));
        listeners.messageShortcut(SHORTCUT_CALLBACK_ID, (req, ctx) -> {
            var p = req.getPayload();
            String text = p.getMessage() == null ? "" : SlackText.unescape(p.getMessage().getText());
            // The message's files go with it: the modal names them, and the run's agent gets them on its Desktop.
            var files = SlackFiles.attached(p.getMessage() == null ? null : p.getMessage().getFiles()).stream()
                    .map(f -> new RunModal.AttachedFile(f.fileId(), f.name())).toList();
            String team = p.getTeam() == null ? null : p.getTeam().getId();
            modal.open(team, p.getTriggerId(), p.getChannel().getId(), p.getUser().getId(), RunModal.Prefill.task(text),
                    files);
            return ctx.ack();
        });
        listeners.event(AppMentionEvent.class, new MentionListener(service, deliveries));
        listeners.event(AppHomeOpenedEvent.class, home);
        new GigaAccountListener(service, workspaces, home, pool).register(listeners);
        DepartureListener departures = new DepartureListener(() -> departure, deliveries);
        listeners.event(AppUninstalledEvent.class, departures.uninstalled());
        listeners.event(TokensRevokedEvent.class, departures.revoked());
        listeners.event(AgentSessionStoppedEvent.class, new AgentSessionListener(service, deliveries));
        ThreadMessageListener messages = new ThreadMessageListener(service, deliveries, talk);
        listeners.event(MessageEvent.class, messages);
        listeners.event(MessageFileShareEvent.class, messages.withFiles());
    }

    /** {@code POST /slack/events}, in HTTP mode; empty in Socket Mode. */
    public Optional<Route> eventsRoute() {
        return Optional.ofNullable(eventsRoute);
    }

    /** Stops at once, as a killed process would: pending view opens are dropped. */
    public void kill() {
        pool.shutdownNow();
        stopSocketMode();
    }

    /** Disconnects Socket Mode; view opens already queued still run (their trigger ids expire soon anyway). */
    @Override
    public void close() {
        stopSocketMode();
        pool.shutdown();
    }

    private void stopSocketMode() {
        if (socketMode != null) {
            SocketModeConnector.shutdown(socketMode);
        }
    }
}
