package io.gigaslack.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.handler.builtin.ViewSubmissionHandler;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import io.gigaslack.runs.RunKind;
import io.gigaslack.service.ChannelPresets;
import io.gigaslack.service.InputFiles;
import io.gigaslack.service.RunService;
import io.gigaslack.slack.command.RunOptions;
import io.gigaslack.slack.render.BlockIds;
import io.gigaslack.slack.render.RunModal;
import java.io.IOException;
import java.util.Map;

/** The run modal's submission: field errors under their fields, or a run started in the channel it came from. */
final class RunModalListener implements ViewSubmissionHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunService service;

    RunModalListener(RunService service) {
        this.service = service;
    }

    @Override
    public Response apply(ViewSubmissionRequest req, ViewSubmissionContext ctx) throws IOException {
        // Read from the raw payload: Bolt's model of a view state drops fields it does not know.
        JsonNode payload = JSON.readTree(Replies.formField(req.getRequestBodyAsString(), "payload"));
        String team = req.getPayload().getTeam().getId();
        String user = req.getPayload().getUser().getId();
        RunModal.Submission s = RunModal.parseSubmission(payload, service.settings(team).runs().platforms().keySet());
        if (s instanceof RunModal.Submission.Errors errors) {
            return Replies.json(errors.toResponse());
        }
        RunModal.Submission.Valid v = (RunModal.Submission.Valid) s;
        String channel = v.metadata() == null || v.metadata().channelId() == null ? user : v.metadata().channelId();
        RunService.Started started = service.start(Replies.startRequest(team, channel, user, RunKind.AGENT,
                withoutPresets(v.options(), service.presets(team, channel)), v.task(), null).withFiles(v.files().stream()
                        .map(f -> new InputFiles.Attached(f.id(), f.name())).toList()));
        if (!started.refused()) {
            return Response.ok();
        }
        // A refusal shows under the field it concerns, and the form keeps what the user typed.
        String field = switch (started.refusal().reason()) {
            // Fewer hours is what fits a credit budget too.
            case MAX_HOURS, CREDITS_PER_USER_PER_DAY, CREDITS_PER_WORKSPACE_PER_MONTH -> BlockIds.MODAL_HOURS;
            case PLATFORM_NOT_ALLOWED -> BlockIds.MODAL_PLATFORM;
            default -> BlockIds.MODAL_TASK;
        };
        return Replies.json(new RunModal.Submission.Errors(Map.of(field, Replies.plain(started.refusal().shortText())))
                .toResponse());
    }

    /**
     * The form always sends a platform and hours, filled with the channel's presets where it has them: a value still
     * equal to its preset is the preset's (left out of the request, so the run records that the preset applied).
     */
    static RunOptions withoutPresets(RunOptions o, ChannelPresets preset) {
        String platform = preset.platform() != null && preset.platform().equals(o.platform()) ? null : o.platform();
        Integer hours = preset.hours() != null && preset.hours().equals(o.hours()) ? null : o.hours();
        return new RunOptions(platform, hours, o.goal(), o.systemPrompt(), o.name());
    }
}
