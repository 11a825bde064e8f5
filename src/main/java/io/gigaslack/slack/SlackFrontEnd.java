package io.gigaslack.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.event.AppMentionEvent;
import io.gigaslack.jobs.RunRequests;
import io.gigaslack.jobs.SlackGateway;
import io.gigaslack.runs.Run;
import io.gigaslack.slack.command.SlackText;
import io.gigaslack.slack.render.ActionIds;
import io.gigaslack.slack.render.RunModal;
import io.gigaslack.store.AuditLog;
import io.gigaslack.store.RunRepository;
import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * The Bolt listeners: the {@code /giga} command, the card's buttons, the run modal, the "Run with
 * Giga" message shortcut, mentions and the App Home. Each listener validates, records durably
 * through {@link RunRequests} and acknowledges; it never waits on Giga. The only Slack calls made
 * before or around an acknowledgement are those Slack's own rules force: {@code views.open} needs
 * the 3-second trigger id, so it is made right after the acknowledgement on an in-memory pool
 * (losing it in a crash loses nothing: the trigger would have expired anyway).
 */
public final class SlackFrontEnd {
    public static final String COMMAND = "/giga";
    public static final String SHORTCUT_CALLBACK_ID = "run_with_giga";

    private final CommandListener commands;
    private final ButtonListener buttons;
    private final RunModalListener modal;
    private final EventListener events;
    private final FrontEndBase shared;

    public SlackFrontEnd(RunRequests requests, RunRepository runs, SlackGateway slack, AdminDirectory admins,
            UserGroupDirectory groups, AuditLog audit, FrontEndSettings settings, Clock clock,
            ExecutorService viewOpener, DeliveryLog deliveries) {
        this.shared = new FrontEndBase(requests, runs, slack, admins, groups, audit, settings, clock, viewOpener,
                deliveries) { };
        this.commands = new CommandListener(shared);
        this.buttons = new ButtonListener(shared);
        this.modal = new RunModalListener(shared);
        this.events = new EventListener(shared);
    }

    /** Registers every listener on the Bolt app. */
    public void register(App app) {
        app.command(COMMAND, (req, ctx) -> commands.command(req.getPayload()));
        app.blockAction(ActionIds.RUN_STOP, (req, ctx) -> buttons.button(req.getPayload(), ActionIds.RUN_STOP));
        app.blockAction(ActionIds.RUN_EXTEND, (req, ctx) -> buttons.button(req.getPayload(), ActionIds.RUN_EXTEND));
        app.blockAction(ActionIds.RUN_RETRY, (req, ctx) -> buttons.button(req.getPayload(), ActionIds.RUN_RETRY));
        app.blockAction(ActionIds.RUN_DELETE, (req, ctx) -> buttons.button(req.getPayload(), ActionIds.RUN_DELETE));
        app.blockAction(ActionIds.RUN_DELETE_CONFIRM,
                (req, ctx) -> buttons.button(req.getPayload(), ActionIds.RUN_DELETE_CONFIRM));
        app.blockAction(ActionIds.RUN_DELETE_CANCEL, (req, ctx) -> ctx.ack());
        app.blockAction(ActionIds.RUN_OPEN_DESKTOP, (req, ctx) -> ctx.ack()); // a link button: Slack opens the URL
        app.blockAction(ActionIds.RUN_STATUS, (req, ctx) -> buttons.button(req.getPayload(), ActionIds.RUN_STATUS));
        app.blockAction(ActionIds.OPEN_RUN_MODAL, (req, ctx) -> {
            BlockActionPayload p = req.getPayload();
            String channel = p.getChannel() != null ? p.getChannel().getId() : p.getUser().getId();
            shared.openModal(p.getTriggerId(), channel, RunModal.Prefill.NONE);
            return ctx.ack();
        });
        app.viewSubmission(RunModal.CALLBACK_ID, (req, ctx) -> modal.modalSubmitted(req.getRequestBodyAsString(),
                req.getPayload().getTeam().getId(), req.getPayload().getUser().getId()));
        app.messageShortcut(SHORTCUT_CALLBACK_ID, (req, ctx) -> {
            var p = req.getPayload();
            String text = p.getMessage() == null ? "" : SlackText.unescape(p.getMessage().getText());
            shared.openModal(p.getTriggerId(), p.getChannel().getId(), RunModal.Prefill.task(text));
            return ctx.ack();
        });
        app.event(AppMentionEvent.class, (req, ctx) -> {
            String key = "event:" + req.getEventId();
            if (shared.deliveries.firstSeen(key)) {
                try {
                    events.mention(req.getEvent(), ctx.getTeamId());
                } catch (RuntimeException e) {
                    shared.deliveries.forget(key); // let Slack's retry try again
                    throw e;
                }
            }
            return ctx.ack();
        });
        app.event(AppHomeOpenedEvent.class, (req, ctx) -> {
            AppHomeOpenedEvent e = req.getEvent();
            if ("home".equals(e.getTab())) {
                String team = ctx.getTeamId();
                shared.viewOpener.execute(() -> events.publishHome(team, e.getUser()));
            }
            return ctx.ack();
        });
    }
}
