package io.gigaslack.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.AppMentionEvent;
import io.gigaslack.runs.Decision;
import io.gigaslack.runs.Run;
import io.gigaslack.service.InputFiles;
import io.gigaslack.service.RunService;
import io.gigaslack.slack.command.SlackText;
import io.gigaslack.slack.render.Responses;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mentions of the app: in a run's thread, a message to its agent; elsewhere, a new run. Files attached to the mention
 * go with it, onto the agent's Desktop. Each delivery has one effect however often Slack retries it.
 */
final class MentionListener implements BoltEventHandler<AppMentionEvent> {
    private static final Pattern MENTION = Pattern.compile("^\\s*<@[A-Z0-9]+(\\|[^>]*)?>[\\s:,]*");

    private final RunService service;
    private final DeliveryLog deliveries;

    MentionListener(RunService service, DeliveryLog deliveries) {
        this.service = service;
        this.deliveries = deliveries;
    }

    @Override
    public Response apply(EventsApiPayload<AppMentionEvent> req, EventContext ctx) {
        deliveries.once(req.getEventId(), () -> mention(req.getEvent(), ctx.getTeamId(), botUserId(req, ctx)));
        return ctx.ack();
    }

    /** The app's own user id: from Bolt's authorization, else from the event's authorizations; null if neither. */
    private static String botUserId(EventsApiPayload<AppMentionEvent> req, EventContext ctx) {
        if (ctx.getBotUserId() != null) {
            return ctx.getBotUserId();
        }
        if (req.getAuthorizations() != null) {
            for (var a : req.getAuthorizations()) {
                if (Boolean.TRUE.equals(a.getIsBot()) && a.getUserId() != null) {
                    return a.getUserId();
                }
            }
        }
        return null;
    }

    /**
     * The task in a mention: every mention of the app taken out, wherever it stands ("What is the hour, @Giga?" asks
     * "What is the hour?"), other people's mentions kept, Slack's escapes undone; a leading "run" (as in the command)
     * dropped. Without the app's id only a leading mention is taken out.
     */
    static String task(String text, String botUserId) {
        String t = text == null ? "" : text;
        if (botUserId != null && !botUserId.isEmpty()) {
            String me = "<@" + Pattern.quote(botUserId) + "(\\|[^>]*)?>";
            // Before punctuation or at the end, the comma and space that led to the mention go with it.
            t = t.replaceAll("(?<=[^\\s,])[\\s,]*" + me + "\\s*(?=[?!.;]|$)", "");
            t = t.replaceAll(me + "[\\s:,]*", " ");
        } else {
            t = MENTION.matcher(t).replaceFirst("");
        }
        t = SlackText.unescape(t).replaceAll("[ \\t]{2,}", " ").strip();
        return t.replaceFirst("(?i)^run\\s+", "");
    }

    void mention(AppMentionEvent e, String team, String botUserId) {
        String text = task(e.getText(), botUserId);
        // Files attached to the mention go to the agent's Desktop (fetched from Slack by a job, never here).
        List<InputFiles.Attached> files = SlackFiles.attached(e.getFiles());
        if (e.getThreadTs() != null) {
            Optional<Run> run = service.findByThread(team, e.getChannel(), e.getThreadTs());
            if (run.isPresent()) {
                RunService.Answer a = service.followUp(run.get(), e.getUser(), text, files);
                if (a.refused()) {
                    service.ephemeral(team, e.getChannel(), e.getUser(), null, Responses.simple(
                            a.refusal().reason() == Decision.Reason.NOT_OWNER ? ":no_entry: Only the run's"
                                    + " requester, workspace admins and owners, and the app's admins can send its agent"
                                    + " messages." : a.refusal().text()));
                }
                return;
            }
        }
        if (text.isEmpty()) {
            service.ephemeral(team, e.getChannel(), e.getUser(), null, Responses.help());
            return;
        }
        RunService.Started started = service.start(RunService.StartRequest.agent(team, e.getChannel(), e.getUser(), text)
                .withFiles(files));
        if (started.refused()) {
            service.ephemeral(team, e.getChannel(), e.getUser(), null, Responses.simple(started.refusal().text()));
        }
    }
}
