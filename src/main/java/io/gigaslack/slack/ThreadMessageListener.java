package io.gigaslack.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.File;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.MessageFileShareEvent;
import io.gigaslack.runs.Decision;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.service.InputFiles;
import io.gigaslack.service.RunService;
import io.gigaslack.slack.command.CommandParser;
import io.gigaslack.slack.command.GigaCommand;
import io.gigaslack.slack.command.RunOptions;
import io.gigaslack.slack.command.SlackText;
import io.gigaslack.slack.command.Usage;
import io.gigaslack.slack.render.Responses;
import java.util.List;
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
 * A message with files (Slack's {@code file_share} subtype, {@link #withFiles}) is treated alike, its files going to
 * the agent's Desktop. A message that mentions the app is the mention listener's; edits, deletions and other subtypes
 * reach Bolt under their own keys and are not handled here, so an edited message is never sent again. Each delivery
 * has one effect however often Slack retries it.
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

    /** What the listener reads of a message, whichever event carried it. */
    record Said(String user, boolean fromBot, boolean edited, String text, String channel, String channelType,
            String ts, String threadTs, List<File> files) {

        static Said of(MessageEvent e) {
            return new Said(e.getUser(), e.getBotId() != null, e.getEdited() != null, e.getText(), e.getChannel(),
                    e.getChannelType(), e.getTs(), e.getThreadTs(), e.getFiles());
        }

        static Said of(MessageFileShareEvent e) {
            return new Said(e.getUser(), false, false, e.getText() == null ? "" : e.getText(), e.getChannel(),
                    e.getChannelType(), e.getTs(), e.getThreadTs(), e.getFiles());
        }
    }

    @Override
    public Response apply(EventsApiPayload<MessageEvent> req, EventContext ctx) {
        return once(req.getEventId(), ctx, req.getTeamId(), () -> Said.of(req.getEvent()));
    }

    /** The handler for messages with files, which Slack sends as the {@code file_share} subtype. */
    BoltEventHandler<MessageFileShareEvent> withFiles() {
        return (req, ctx) -> once(req.getEventId(), ctx, req.getTeamId(), () -> Said.of(req.getEvent()));
    }

    private Response once(String eventId, EventContext ctx, String payloadTeam,
            java.util.function.Supplier<Said> said) {
        deliveries.once(eventId,
                () -> message(said.get(), ctx.getTeamId() != null ? ctx.getTeamId() : payloadTeam, ctx.getBotUserId()));
        return ctx.ack();
    }

    void message(MessageEvent e, String team, String botUserId) {
        message(Said.of(e), team, botUserId);
    }

    void message(Said e, String team, String botUserId) {
        if (e.user() == null || e.fromBot() || e.edited() || e.text() == null) {
            return;
        }
        boolean dm = "im".equals(e.channelType());
        boolean mentionsApp = botUserId != null && e.text().contains("<@" + botUserId);
        if (mentionsApp && !dm) {
            return; // the app_mention event carries it
        }
        String text = MentionListener.task(e.text(), botUserId);
        boolean reply = e.threadTs() != null && !e.threadTs().equals(e.ts());
        if (reply) {
            followUp(e, team, text);
        } else if (dm) {
            startFromDm(e, team, text);
        }
    }

    private void followUp(Said e, String team, String text) {
        List<InputFiles.Attached> files = SlackFiles.attached(e.files());
        if (!talk.followUps() || e.text().strip().startsWith(talk.asidePrefix()) || (text.isEmpty() && files.isEmpty())) {
            return;
        }
        Optional<Run> run = service.findByThread(team, e.channel(), e.threadTs());
        if (run.isEmpty() || run.get().kind() != RunKind.AGENT) {
            return;
        }
        RunService.Answer a = service.followUp(run.get(), e.user(), text, files);
        // Someone else's message is theirs to write: it is neither sent nor answered. Any other refusal (a limit, a
        // budget) is the sender's to know.
        if (a.refused() && a.refusal().reason() != Decision.Reason.NOT_OWNER) {
            service.ephemeral(team, e.channel(), e.user(), null, Responses.simple(a.refusal().text()));
        }
    }

    private void startFromDm(Said e, String team, String text) {
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
            service.ephemeral(team, e.channel(), e.user(), null, Responses.badInput(inv.problem(), inv.usage()));
        } else {
            service.ephemeral(team, e.channel(), e.user(), null, Responses.help());
        }
    }

    private void start(Said e, String team, RunKind kind, RunOptions o, String prompt) {
        String platform = service.platformFor(team, e.channel(), o.platform());
        if (!service.isKnownPlatform(team, platform)) {
            service.ephemeral(team, e.channel(), e.user(), null, Responses.badInput("Unknown platform `"
                    + SlackText.escape(platform) + "`. Choose one of: "
                    + String.join(", ", service.settings(team).runs().platforms().keySet()) + ".",
                    kind == RunKind.AGENT ? Usage.RUN : Usage.DESKTOP));
            return;
        }
        RunService.StartRequest request = new RunService.StartRequest(team, e.channel(), e.user(), kind, prompt,
                o.platform(), o.hours(), o.goal(), o.systemPrompt(), o.name(), null);
        // Files sent with the task go to the agent's Desktop before it starts (a desktop run has no agent to read them).
        RunService.Started started = service.start(kind == RunKind.AGENT
                ? request.withFiles(SlackFiles.attached(e.files())) : request);
        if (started.refused()) {
            service.ephemeral(team, e.channel(), e.user(), null, Responses.simple(started.refusal().text()));
        }
    }
}
