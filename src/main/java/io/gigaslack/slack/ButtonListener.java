package io.gigaslack.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.response.Response;
import io.gigaslack.jobs.RunRequests;
import io.gigaslack.runs.AccessRules;
import io.gigaslack.runs.Decision;
import io.gigaslack.runs.Run;
import io.gigaslack.slack.render.ActionIds;
import io.gigaslack.slack.render.Responses;
import java.util.Optional;

/** The buttons on cards, lists and thread messages: Stop, Extend, Retry, Delete, Status. */
final class ButtonListener extends FrontEndBase {
    ButtonListener(FrontEndBase shared) {
        super(shared);
    }


    Response button(BlockActionPayload p, String actionId) {
        String team = p.getTeam() == null ? null : p.getTeam().getId();
        String user = p.getUser() == null ? null : p.getUser().getId();
        if (team == null || user == null || p.getActions() == null || p.getActions().isEmpty()) {
            return Response.builder().statusCode(400).body("").build();
        }
        String value = p.getActions().get(0).getValue();
        Optional<Run> found = value == null ? Optional.empty() : runs.findById(value);
        String channel = p.getChannel() != null ? p.getChannel().getId() : null;
        // Never trust the run id alone: it must be a run of this workspace, pressed in its own channel.
        if (found.isEmpty() || !found.get().teamId().equals(team)
                || (channel != null && !channel.equals(found.get().channelId()) && !channel.startsWith("D"))) {
            requests.ephemeral(channel, user, p.getResponseUrl(),
                    Responses.simple("That button does not belong to a run I know."));
            return Response.ok();
        }
        Run run = found.get();
        if (actionId.equals(ActionIds.RUN_STATUS)) {
            requests.ephemeral(channel, user, p.getResponseUrl(), Responses.runStatus(run, context()));
            return Response.ok();
        }
        Decision may = mayControl(run, user, control(actionId));
        if (may.isRefused()) {
            requests.ephemeral(channel, user, p.getResponseUrl(), Responses.simple(may.text()));
            return Response.ok();
        }
        switch (actionId) {
            case ActionIds.RUN_STOP -> {
                if (run.computer().isLive() || run.deploymentId() == null) {
                    requests.stop(run, user);
                }
            }
            case ActionIds.RUN_EXTEND -> {
                java.time.Instant base = run.expiresAt() != null && run.expiresAt().isAfter(clock.instant())
                        ? run.expiresAt() : clock.instant();
                Decision fits = settings.limits().checkExtend(run, base.plus(io.gigaslack.jobs.GigaTasks.EXTENSION));
                if (fits.isRefused()) {
                    requests.ephemeral(channel, user, p.getResponseUrl(), Responses.simple(fits.text()));
                } else {
                    requests.extend(run, user);
                }
            }
            case ActionIds.RUN_RETRY -> {
                // A retry starts a new paid run: the rules about who may start runs, and where, apply again.
                Decision start = settings.rules().mayStart(run.channelId(), user,
                        settings.rules().needsUserGroups(user)
                                ? groups.groupsOf(user, settings.rules().allowedUsergroups()) : java.util.Set.of());
                if (start.isRefused()) {
                    requests.ephemeral(channel, user, p.getResponseUrl(), Responses.simple(start.text()));
                    break;
                }
                RunRequests.Started s = requests.retry(run, user);
                if (s.refused()) {
                    requests.ephemeral(channel, user, p.getResponseUrl(), Responses.simple(s.refusal().text()));
                }
            }
            case ActionIds.RUN_DELETE -> requests.ephemeral(channel, user, p.getResponseUrl(),
                    Responses.deleteConfirmation(run));
            case ActionIds.RUN_DELETE_CONFIRM -> requests.delete(run, user);
            default -> { }
        }
        return Response.ok();
    }

    private static AccessRules.Control control(String actionId) {
        return switch (actionId) {
            case ActionIds.RUN_STOP -> AccessRules.Control.STOP;
            case ActionIds.RUN_EXTEND -> AccessRules.Control.EXTEND;
            case ActionIds.RUN_RETRY -> AccessRules.Control.RETRY;
            default -> AccessRules.Control.DELETE;
        };
    }
}
