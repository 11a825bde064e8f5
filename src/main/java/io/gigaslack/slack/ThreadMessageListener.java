package io.gigaslack.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.MessageEvent;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.service.RunService;
import io.gigaslack.slack.command.CommandParser;
import io.gigaslack.slack.command.GigaCommand;
import io.gigaslack.slack.command.RunOptions;
import io.gigaslack.slack.command.SlackText;
import io.gigaslack.slack.command.Usage;
import io.gigaslack.slack.render.Responses;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Plain messages (Slack's {@code message.channels}, {@code message.groups} and {@code message.im} events), talked to
 * the agent without a mention:
 * <ul>
 *   <li>in a run's thread, a message from someone who may control the run goes to its agent as a follow-up (unless
 *   follow-ups without a mention are turned off, or the message starts with the aside prefix, {@code //} by default,
 *   for people talking among themselves); anyone else's message is left alone;
 *   <li>a message to the app in its own DM (the Messages tab or the agent view), not in a thread, starts a run there:
 *   the text is a task, with {@code /giga run}'s options ({@code --hours 2 …}), or {@code desktop …}.
 * </ul>
 * A message that mentions the app is the mention listener's; edits, deletions and other subtypes reach Bolt under
 * their own keys and are not handled here, so an edited message is never sent again. Each delivery has one effect
 * however often Slack retries it.
 */
public final class ThreadMessageListener implements BoltEventHandler<MessageEvent> {
    /** The first words of a DM that are a {@code /giga} subcommand rather than a task. */
    private static final Set<String> SUBCOMMANDS = Set.of("run", "desktop", "help");

    /**
     * How thread messages are treated.
     *
     * @param followUps whether thread messages without a mention go to the agent
     * @param asidePrefix what a message starts with to stay among people
     */
    public record Talk(boolean followUps, String asidePrefix) {
        public static final Talk DEFAULT = new Talk(true, "//");
    }

    private final RunService service;
    private final DeliveryLog deliveries;
    private final Talk talk;

    ThreadMessageListener(RunService service, DeliveryLog deliveries, Talk talk) {
        this.service = service;
        this.deliveries = deliveries;
        this.talk = talk;
    }

    @Override
    public Response apply(EventsApiPayload<MessageEvent> req, EventContext ctx) {
        String key = "event:" + req.getEventId();
        if (deliveries.firstSeen(key)) {
            try {
                message(req.getEvent(), ctx.getTeamId() != null ? ctx.getTeamId() : req.getTeamId(),
                        ctx.getBotUserId());
            } catch (RuntimeException e) {
                deliveries.forget(key);
                throw e;
            }
        }
        return ctx.ack();
    }

    void message(MessageEvent e, String team, String botUserId) {
        if (e.getUser() == null || e.getBotId() != null || e.getEdited() != null || e.getText() == null) {
            return;
        }
        boolean dm = "im".equals(e.getChannelType());
        boolean mentionsApp = botUserId != null && e.getText().contains("<@" + botUserId);
        if (mentionsApp && !dm) {
            return; // the app_mention event carries it
        }
        String text = MentionListener.task(e.getText(), botUserId);
        boolean reply = e.getThreadTs() != null && !e.getThreadTs().equals(e.getTs());
        if (reply) {
            followUp(e, team, text);
        } else if (dm) {
            startFromDm(e, team, text);
        }
    }

    private void followUp(MessageEvent e, String team, String text) {
        if (!talk.followUps() || e.getText().strip().startsWith(talk.asidePrefix()) || text.isEmpty()) {
            return;
        }
        Optional<Run> run = service.findByThread(team, e.getChannel(), e.getThreadTs());
        if (run.isEmpty() || run.get().kind() != RunKind.AGENT) {
            return;
        }
        // Someone else's message is theirs to write: it is neither sent nor answered.
        service.followUp(run.get(), e.getUser(), text);
    }

    private void startFromDm(MessageEvent e, String team, String text) {
        if (text.isEmpty() || text.startsWith(talk.asidePrefix())) {
            return;
        }
        String first = text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        GigaCommand cmd = CommandParser.parse(SUBCOMMANDS.contains(first) ? text : "run " + text);
        if (cmd instanceof GigaCommand.Run r) {
            start(e, team, RunKind.AGENT, r.options(), r.prompt());
        } else if (cmd instanceof GigaCommand.Desktop d) {
            start(e, team, RunKind.DESKTOP, d.options(), "");
        } else if (cmd instanceof GigaCommand.Invalid inv) {
            service.ephemeral(e.getChannel(), e.getUser(), null, Responses.badInput(inv.problem(), inv.usage()));
        } else {
            service.ephemeral(e.getChannel(), e.getUser(), null, Responses.help());
        }
    }

    private void start(MessageEvent e, String team, RunKind kind, RunOptions o, String prompt) {
        String platform = service.platformFor(o.platform());
        if (!service.isKnownPlatform(platform)) {
            service.ephemeral(e.getChannel(), e.getUser(), null, Responses.badInput("Unknown platform `"
                    + SlackText.escape(platform) + "`. Choose one of: "
                    + String.join(", ", service.settings().platforms().keySet()) + ".",
                    kind == RunKind.AGENT ? Usage.RUN : Usage.DESKTOP));
            return;
        }
        RunService.Started started = service.start(new RunService.StartRequest(team, e.getChannel(), e.getUser(),
                kind, prompt, o.platform(), o.hours(), o.goal(), o.systemPrompt(), o.name(), null));
        if (started.refused()) {
            service.ephemeral(e.getChannel(), e.getUser(), null, Responses.simple(started.refusal().text()));
        }
    }
}
