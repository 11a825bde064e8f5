package io.gigaslack.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.RunParams;
import io.gigaslack.service.RunService;
import io.gigaslack.slack.render.RunModal;
import io.gigaslack.slack.web.SlackCallException;
import io.gigaslack.slack.web.SlackWorkspaces;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the run modal. {@code views.open} needs the trigger id, which expires 3 seconds after the click, so it is
 * called right after the acknowledgement on an in-memory pool (losing it in a crash loses nothing: the trigger would
 * have expired anyway).
 *
 * <p>Before that, it asks whether the bot can post where the form was opened ({@link ChannelReach}, bounded well
 * inside the trigger's life). Where it cannot (a direct message between people, a private channel it is not in), the
 * form is never one that would fail on submit: it opens for a run in the person's DM with the app and says so at the
 * top, so the person learns it before typing anything and takes the offer with one press, or cancels. Where Slack
 * cannot say, the form is for the channel, as it always was.
 */
final class RunModalOpener {
    private static final Logger log = LoggerFactory.getLogger(RunModalOpener.class);

    private final SlackWorkspaces slack;
    private final RunService service;
    private final ChannelReach reach;
    private final Executor pool;

    RunModalOpener(SlackWorkspaces slack, RunService service, ChannelReach reach, Executor pool) {
        this.slack = slack;
        this.service = service;
        this.reach = reach;
        this.pool = pool;
    }

    /**
     * Opens the form for a run in {@code channel} of workspace {@code team} (a person's id: their DM with the app)
     * asked for by {@code user}.
     */
    void open(String team, String triggerId, String channel, String user, RunModal.Prefill prefill) {
        open(team, triggerId, channel, user, prefill, List.of());
    }

    /** The form with files it comes with (those of a message a shortcut was used on), for the agent's Desktop. */
    void open(String team, String triggerId, String channel, String user, RunModal.Prefill prefill,
            List<RunModal.AttachedFile> files) {
        pool.execute(() -> {
            ObjectNode view = null;
            try {
                view = view(team, channel, user, prefill, files); // asks Slack where the run can go: off the ack path
                slack.team(team).openView(triggerId, view);
            } catch (SlackCallException e) {
                // Slack allows the file field only to apps with files:read; one made from an older manifest may lack
                // it. The form then opens without the field (within the trigger's 3 seconds).
                if (view == null || e.retryable() || !RunModal.hasFileField(view)) {
                    log.warn("could not open the run modal: {}", e.getMessage());
                    return;
                }
                try {
                    slack.team(team).openView(triggerId, RunModal.withoutFileField(view));
                    log.info("opened the run modal without its file field ({}): add the files:read scope", e.error());
                } catch (RuntimeException again) {
                    log.warn("could not open the run modal: {}", again.getMessage());
                }
            } catch (RuntimeException e) {
                log.warn("could not open the run modal: {}", e.getMessage());
            }
        });
    }

    private ObjectNode view(String team, String channel, String user, RunModal.Prefill prefill,
            List<RunModal.AttachedFile> files) {
        var platforms = new ArrayList<>(service.settings(team).runs().platforms().values());
        return switch (reach.of(team, channel)) {
            case PEOPLES_DM -> RunModal.viewInAppDm(platforms, defaults(team, user), user, prefill,
                    RunModal.ToAppDm.FROM_PEOPLES_DM, files);
            case PRIVATE_WITHOUT_BOT -> RunModal.viewInAppDm(platforms, defaults(team, user), user, prefill,
                    RunModal.ToAppDm.FROM_CHANNEL_WITHOUT_APP, files);
            case CAN_POST, UNKNOWN -> RunModal.view(platforms, defaults(team, channel),
                    new RunModal.Metadata(channel, null, files), prefill);
        };
    }

    /** What the form offers where it says nothing else: the channel's presets, else the workspace's defaults. */
    private RunModal.Defaults defaults(String team, String runChannel) {
        RunParams p = service.defaultsFor(team, runChannel);
        return new RunModal.Defaults(p.platform(), p.hours(), p.goal());
    }
}
