package io.gigaslack.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.bolt.response.Response;
import io.gigaslack.runs.RunKind;
import io.gigaslack.slack.render.RunModal;

/** The run modal's submission: field errors under their fields, or a run started in the channel it came from. */
final class RunModalListener extends FrontEndBase {
    RunModalListener(FrontEndBase shared) {
        super(shared);
    }

    Response modalSubmitted(String rawBody, String team, String user) throws java.io.IOException {
        JsonNode payload = JSON.readTree(formField(rawBody, "payload"));
        RunModal.Submission s = RunModal.parseSubmission(payload, settings.platforms().keySet());
        if (s instanceof RunModal.Submission.Errors errors) {
            return json(errors.toResponse());
        }
        RunModal.Submission.Valid v = (RunModal.Submission.Valid) s;
        String channel = v.metadata() == null || v.metadata().channelId() == null ? user : v.metadata().channelId();
        StartAnswer answer = start(team, channel, user, RunKind.AGENT, v.options(), v.task(), null);
        if (answer.run() != null) {
            return Response.ok();
        }
        // A refusal shows under the field it concerns, and the form keeps what the user typed.
        String field = switch (answer.reason()) {
            case MAX_HOURS -> io.gigaslack.slack.render.BlockIds.MODAL_HOURS;
            case PLATFORM_NOT_ALLOWED -> io.gigaslack.slack.render.BlockIds.MODAL_PLATFORM;
            default -> io.gigaslack.slack.render.BlockIds.MODAL_TASK;
        };
        return json(new RunModal.Submission.Errors(java.util.Map.of(field, plain(answer.refusal()))).toResponse());
    }
}
