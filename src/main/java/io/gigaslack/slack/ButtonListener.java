package io.gigaslack.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import io.gigaslack.runs.Decision;
import io.gigaslack.runs.DesktopPass;
import io.gigaslack.runs.Run;
import io.gigaslack.service.RunService;
import io.gigaslack.slack.render.ActionIds;
import io.gigaslack.slack.render.Responses;
import java.util.Optional;

/**
 * The buttons on cards, lists and thread messages: Stop, Extend, Retry, Delete, Status. Answers go to the one person
 * who pressed, later (through the outbox), so the acknowledgement never waits.
 */
final class ButtonListener implements BlockActionHandler {
    private final RunService service;
    private final RenderContexts contexts;

    ButtonListener(RunService service, RenderContexts contexts) {
        this.service = service;
        this.contexts = contexts;
    }

    @Override
    public Response apply(BlockActionRequest req, ActionContext ctx) {
        BlockActionPayload p = req.getPayload();
        String team = p.getTeam() == null ? null : p.getTeam().getId();
        String user = p.getUser() == null ? null : p.getUser().getId();
        if (team == null || user == null || p.getActions() == null || p.getActions().isEmpty()) {
            return Response.builder().statusCode(400).body("").build();
        }
        String actionId = p.getActions().get(0).getActionId();
        if (actionId.equals(ActionIds.RUN_OPEN_DESKTOP) && !service.desktop().builtInViewer()) {
            return Response.ok(); // an operator's viewer: the button was a link, Slack has opened it already
        }
        String channel = p.getChannel() != null ? p.getChannel().getId() : null;
        Optional<Run> found = service.findById(team, p.getActions().get(0).getValue());
        // Never trust the run id alone: it must be a run of this workspace, pressed in its own channel.
        if (found.isEmpty() || (channel != null && !channel.equals(found.get().channelId()) && !channel.startsWith("D"))) {
            tell(p, channel, user, "That button does not belong to a run I know.");
            return Response.ok();
        }
        Run run = found.get();
        switch (actionId) {
            case ActionIds.RUN_STATUS -> service.ephemeral(team, channel, user, p.getResponseUrl(),
                    Responses.runStatus(run, contexts.now(run.teamId())));
            case ActionIds.RUN_STOP -> tellIfRefused(p, channel, user, service.stop(run, user));
            case ActionIds.RUN_EXTEND -> tellIfRefused(p, channel, user, service.extend(run, user));
            case ActionIds.RUN_KEEP -> {
                RunService.Answer a = service.keepRunning(run, user);
                if (a.refused()) {
                    tell(p, channel, user, a.refusal().text());
                } else if (a.outcome() == RunService.Outcome.NOT_RUNNING) {
                    tell(p, channel, user, "That computer is not running any more, so there is nothing to keep.");
                }
            }
            case ActionIds.RUN_RETRY -> {
                RunService.Started s = service.retry(run, user);
                if (s.refused()) {
                    tell(p, channel, user, s.refusal().text());
                }
            }
            case ActionIds.RUN_DELETE -> {
                Decision may = service.mayDelete(run, user);
                service.ephemeral(team, channel, user, p.getResponseUrl(),
                        may.isRefused() ? Responses.simple(may.text()) : Responses.deleteConfirmation(run));
            }
            case ActionIds.RUN_DELETE_CONFIRM -> tellIfRefused(p, channel, user, service.delete(run, user));
            case ActionIds.RUN_OPEN_DESKTOP -> openDesktop(p, channel, user, run);
            case ActionIds.RUN_SCREENSHOT -> {
                RunService.Answer a = service.screenshot(run, user);
                if (a.refused()) {
                    tell(p, channel, user, a.refusal().text());
                } else if (a.outcome() == RunService.Outcome.NOT_RUNNING) {
                    tell(p, channel, user, "The desktop is not running, so there is nothing to take a picture of.");
                }
            }
            default -> { }
        }
        return Response.ok();
    }

    /** A personal link, sent privately to the one who pressed (the channel's message carries no secret). */
    private void openDesktop(BlockActionPayload p, String channel, String user, Run run) {
        RunService.DesktopAnswer a = service.openDesktop(run, user);
        switch (a.outcome()) {
            case REFUSED -> tell(p, channel, user, a.refusal().text());
            case NOT_RUNNING -> tell(p, channel, user, run.computer().hasEnded()
                    ? "That computer is not running any more, so there is no desktop to open."
                    : "The desktop is not ready yet. Try again in a minute.");
            case DONE -> service.ephemeral(run.teamId(), channel, user, p.getResponseUrl(), Responses.desktopLink(run,
                    a.link().url(), a.link().pass().mode() == DesktopPass.Mode.CONTROL, a.link().pass().expiresAt()));
        }
    }

    private void tellIfRefused(BlockActionPayload p, String channel, String user, RunService.Answer answer) {
        if (answer.refused()) {
            tell(p, channel, user, answer.refusal().text());
        }
    }

    private void tell(BlockActionPayload p, String channel, String user, String text) {
        service.ephemeral(p.getTeam().getId(), channel, user, p.getResponseUrl(), Responses.simple(text));
    }
}
