package io.gigaslack.slack;

import com.slack.api.bolt.App;
import com.slack.api.model.event.AppMentionEvent;
import io.gigaslack.runs.AccessRules;
import io.gigaslack.runs.Decision;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.slack.command.RunOptions;
import io.gigaslack.slack.command.SlackText;
import io.gigaslack.slack.render.Responses;
import java.util.Optional;
import java.util.regex.Pattern;

/** Events: mentions (a follow-up in a run's thread, else a new run) and the App Home tab. */
final class EventListener extends FrontEndBase {
    EventListener(FrontEndBase shared) {
        super(shared);
    }

    private static final Pattern MENTION = Pattern.compile("^\\s*<@[A-Z0-9]+(\\|[^>]*)?>[\\s:,]*");


    void mention(AppMentionEvent e, String team) {
        String text = SlackText.unescape(MENTION.matcher(e.getText() == null ? "" : e.getText()).replaceFirst("")).strip();
        // "@Giga run Summarise…" reads like the command: the word "run" is not part of the task.
        text = text.replaceFirst("(?i)^run\\s+", "");
        if (e.getThreadTs() != null) {
            Optional<Run> run = runs.findByThread(team, e.getChannel(), e.getThreadTs());
            if (run.isPresent()) {
                // Steering someone's agent is as much control as stopping it: the same people may do it.
                Decision may = mayControl(run.get(), e.getUser(), AccessRules.Control.RETRY);
                if (may.isRefused()) {
                    requests.ephemeral(e.getChannel(), e.getUser(), null, Responses.simple(":no_entry: Only the run's"
                            + " requester, workspace admins and owners, and the app's admins can send its agent messages."));
                } else if (!text.isEmpty()) {
                    requests.followUp(run.get(), e.getUser(), text);
                }
                return;
            }
        }
        if (text.isEmpty()) {
            requests.ephemeral(e.getChannel(), e.getUser(), null, Responses.help());
            return;
        }
        StartAnswer answer = start(team, e.getChannel(), e.getUser(), RunKind.AGENT, RunOptions.NONE, text, null);
        if (answer.run() == null) {
            requests.ephemeral(e.getChannel(), e.getUser(), null, Responses.simple(answer.refusal()));
        }
    }

    void publishHome(String team, String user) {
        try {
            slack.publishHome(user, io.gigaslack.slack.render.HomeView.render(user,
                    runs.listByRequester(team, user, 15), context()));
        } catch (RuntimeException e) {
            log.warn("could not publish App Home: {}", e.getMessage());
        }
    }
}
