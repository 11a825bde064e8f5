package io.gigaslack.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.AgentSessionStoppedEvent;
import io.gigaslack.runs.Run;
import io.gigaslack.service.RunService;
import io.gigaslack.slack.render.Responses;
import java.util.Optional;

/**
 * Slack's own Stop button on a run's agent session ({@code agent_session_stopped}): the same rules as the card's Stop.
 * Someone who may not stop the run is told privately who can, and the session is set back to processing (Slack
 * leaves it stopping until the app says otherwise); a run whose computer is not running any more gets its session's
 * status set again too. Each delivery has one effect however often Slack retries it.
 */
final class AgentSessionListener implements BoltEventHandler<AgentSessionStoppedEvent> {
    private final RunService service;
    private final DeliveryLog deliveries;

    AgentSessionListener(RunService service, DeliveryLog deliveries) {
        this.service = service;
        this.deliveries = deliveries;
    }

    @Override
    public Response apply(EventsApiPayload<AgentSessionStoppedEvent> req, EventContext ctx) {
        deliveries.once(req.getEventId(),
                () -> stopped(req.getEvent(), ctx.getTeamId() != null ? ctx.getTeamId() : req.getTeamId()));
        return ctx.ack();
    }

    void stopped(AgentSessionStoppedEvent e, String team) {
        if (e.getChannel() == null || e.getThreadTs() == null || e.getUser() == null) {
            return;
        }
        Optional<Run> run = service.findByThread(team, e.getChannel(), e.getThreadTs());
        if (run.isEmpty()) {
            return;
        }
        RunService.Answer a = service.stop(run.get(), e.getUser());
        if (a.refused()) {
            service.ephemeral(team, e.getChannel(), e.getUser(), null, Responses.simple(":no_entry: "
                    + a.refusal().text() + " The agent keeps working."));
        }
        if (a.outcome() != RunService.Outcome.DONE) {
            service.resendAgentSession(run.get());
        }
    }
}
