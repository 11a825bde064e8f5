package io.gigaslack.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import io.gigaslack.service.GigaConnections;
import io.gigaslack.slack.render.ActionIds;
import io.gigaslack.slack.render.GigaAccountBlocks;
import io.gigaslack.slack.render.Responses;
import io.gigaslack.slack.web.SlackCallException;
import io.gigaslack.slack.web.SlackWorkspaces;
import io.gigaslack.service.RunService;
import java.io.IOException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The App Home's Giga account buttons and the connect form, for an app serving many workspaces. Who may act is
 * checked on every request, the form's submission included (a forged submission by someone else changes nothing).
 * The key is checked with Giga before the submission is answered, within the form's 3 seconds, because it must not
 * be written anywhere (a job's payload included) before Giga has accepted it.
 */
final class GigaAccountListener {
    private static final Logger log = LoggerFactory.getLogger(GigaAccountListener.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunService service;
    private final SlackWorkspaces slack;
    private final AppHomeListener home;
    private final Executor pool;

    GigaAccountListener(RunService service, SlackWorkspaces slack, AppHomeListener home, Executor pool) {
        this.service = service;
        this.slack = slack;
        this.home = home;
        this.pool = pool;
    }

    /** Connect Giga / Replace key: the form, for admins; others are told why not. */
    Response connect(BlockActionRequest req, ActionContext ctx) {
        var p = req.getPayload();
        String team = p.getTeam() == null ? null : p.getTeam().getId();
        String user = p.getUser() == null ? null : p.getUser().getId();
        if (team == null || user == null) {
            return ctx.ack();
        }
        GigaConnections connections = service.gigaConnections();
        boolean replacing = connections.status(team).isPresent();
        String trigger = p.getTriggerId();
        pool.execute(() -> {
            if (!connections.mayManage(team, user)) {
                service.ephemeral(team, null, user, null, Responses.simple(
                        ":no_entry: Only workspace admins and owners can connect a Giga account."));
                return;
            }
            try {
                slack.team(team).openView(trigger, GigaAccountBlocks.connectModal(replacing));
            } catch (SlackCallException e) {
                log.warn("could not open the Giga connect form: {}", e.getMessage());
            }
        });
        return ctx.ack();
    }

    /** Disconnect (confirmed in Slack first). */
    Response disconnect(BlockActionRequest req, ActionContext ctx) {
        var p = req.getPayload();
        String team = p.getTeam() == null ? null : p.getTeam().getId();
        String user = p.getUser() == null ? null : p.getUser().getId();
        if (team == null || user == null) {
            return ctx.ack();
        }
        pool.execute(() -> {
            GigaConnections.Outcome o = service.gigaConnections().disconnect(team, user);
            service.ephemeral(team, null, user, null, Responses.simple(o.done() ? o.text() : ":no_entry: " + o.text()));
            home.publish(team, user);
        });
        return ctx.ack();
    }

    /** The form's submission: the key checked with Giga, then kept; or the reason under the field. */
    Response submitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) throws IOException {
        JsonNode payload = JSON.readTree(Replies.formField(req.getRequestBodyAsString(), "payload"));
        String team = req.getPayload().getTeam() == null ? null : req.getPayload().getTeam().getId();
        String user = req.getPayload().getUser() == null ? null : req.getPayload().getUser().getId();
        if (team == null || user == null) {
            return Response.builder().statusCode(400).body("").build();
        }
        GigaConnections.Outcome o = service.gigaConnections().connect(team, user,
                GigaAccountBlocks.submittedKey(payload.path("view").path("state")));
        if (!o.done()) {
            return Replies.json(GigaAccountBlocks.keyError(o.text()));
        }
        pool.execute(() -> home.publish(team, user));
        return Response.ok();
    }

    /** Registers the buttons and the form. */
    void register(Listeners listeners) {
        listeners.blockAction(ActionIds.GIGA_CONNECT, this::connect);
        listeners.blockAction(ActionIds.GIGA_DISCONNECT, this::disconnect);
        listeners.viewSubmission(GigaAccountBlocks.CALLBACK_ID, this::submitted);
    }
}
