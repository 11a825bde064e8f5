package io.gigaslack.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import io.gigaslack.runs.WorkspaceSetting;
import io.gigaslack.service.ChannelPresets;
import io.gigaslack.service.RunService;
import io.gigaslack.service.SettingsService;
import io.gigaslack.service.StoredTeamSettings;
import io.gigaslack.slack.command.GigaCommand;
import io.gigaslack.slack.render.PresetsModal;
import io.gigaslack.slack.render.Responses;
import io.gigaslack.slack.render.SettingsBlocks;
import io.gigaslack.slack.render.SettingsModal;
import io.gigaslack.slack.web.SlackWorkspaces;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings from Slack: the App Home's "Edit settings" (the workspace's settings form) and {@code /giga settings} (a
 * channel's presets), their submissions, and what the Home shows admins. Only admins may open the forms, and every
 * submission is checked again (a forged one from anyone else changes nothing); the checks of the values, the change
 * and its audit line are the {@link SettingsService}'s. Forms are opened right after the acknowledgement, on the
 * pool, within the trigger's 3 seconds.
 */
final class SettingsListener {
    private static final Logger log = LoggerFactory.getLogger(SettingsListener.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SettingsService settings;
    private final RunService service;
    private final SlackWorkspaces slack;
    private final Executor pool;
    private final AppHomeListener home;

    SettingsListener(SettingsService settings, RunService service, SlackWorkspaces slack, Executor pool,
            AppHomeListener home) {
        this.settings = settings;
        this.service = service;
        this.slack = slack;
        this.pool = pool;
        this.home = home;
    }

    /** What the settings views show of a workspace. */
    static SettingsBlocks.Shown shown(SettingsService settings, String team) {
        StoredTeamSettings.Resolved r = settings.current(team);
        Map<String, Map<WorkspaceSetting, String>> presets = new TreeMap<>();
        r.presets().forEach((channel, p) -> presets.put(channel, p.texts()));
        return new SettingsBlocks.Shown(r.settings().texts(), r.own(), settings.defaults().texts(),
                List.copyOf(r.settings().runs().platforms().values()), presets);
    }

    /** The Home's "Edit settings": the form for an admin; nothing for anyone else (they are never shown the button). */
    Response edit(BlockActionRequest req, ActionContext ctx) {
        var p = req.getPayload();
        String team = p.getTeam().getId();
        String user = p.getUser().getId();
        String trigger = p.getTriggerId();
        pool.execute(() -> {
            try {
                if (!settings.mayChange(team, user)) {
                    log.info("{} asked for the settings form of {} and is not an admin", user, team);
                    return;
                }
                slack.team(team).openView(trigger, SettingsModal.view(shown(settings, team)));
            } catch (RuntimeException e) {
                log.warn("could not open the settings form: {}", e.getMessage());
            }
        });
        return ctx.ack();
    }

    /** The settings form submitted: problems under their fields, or saved (and the Home shows the new values). */
    Response settingsSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) throws IOException {
        JsonNode payload = JSON.readTree(Replies.formField(req.getRequestBodyAsString(), "payload"));
        String team = req.getPayload().getTeam().getId();
        String user = req.getPayload().getUser().getId();
        Map<WorkspaceSetting, String> submitted = SettingsModal.parseSubmission(payload);
        SettingsService.Outcome o = settings.change(team, user, submitted);
        if (o.refused()) {
            log.info("refused a settings change of {} by {}: not an admin", team, user);
            return Replies.json(SettingsModal.refused(o.refusal().text()));
        }
        if (o.hasErrors()) {
            return Replies.json(SettingsModal.errors(o.errors(), submitted.keySet()));
        }
        if (!o.changes().isEmpty()) {
            log.info("{} changed the settings of {}: {}", user, team, o.changes().stream()
                    .map(c -> c.setting().name()).toList());
        }
        home.publishLater(team, user);
        return Response.ok();
    }

    /** {@code /giga settings}: the presets form of the channel for an admin, or why not; {@code clear} removes them. */
    Response command(SlashCommandPayload p, GigaCommand.Settings cmd) {
        String team = p.getTeamId();
        String user = p.getUserId();
        String channel = p.getChannelId();
        if (!settings.mayChange(team, user)) {
            return Replies.json(Responses.simple(":no_entry: " + SettingsService.ONLY_ADMINS_PRESETS + " Ask one of"
                    + " them to set this channel's presets."));
        }
        if (cmd.clear()) {
            SettingsService.Outcome o = settings.clearPresets(team, channel, user);
            if (o.refused()) {
                return Replies.json(Responses.simple(":no_entry: " + o.refusal().text()));
            }
            return Replies.json(Responses.simple(o.changes().isEmpty() ? "This channel has no presets."
                    : ":broom: Removed this channel's presets (" + words(o.changes()) + "). Runs started here get the"
                            + " workspace's defaults again."));
        }
        String trigger = p.getTriggerId();
        pool.execute(() -> {
            try {
                slack.team(team).openView(trigger, PresetsModal.view(channel, shown(settings, team),
                        service.presets(team, channel).texts()));
            } catch (RuntimeException e) {
                log.warn("could not open the presets form: {}", e.getMessage());
            }
        });
        return Response.ok();
    }

    /** The presets form submitted: problems under their fields, or saved (and the channel is told, privately). */
    Response presetsSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) throws IOException {
        JsonNode payload = JSON.readTree(Replies.formField(req.getRequestBodyAsString(), "payload"));
        String team = req.getPayload().getTeam().getId();
        String user = req.getPayload().getUser().getId();
        var submission = PresetsModal.parseSubmission(payload);
        if (submission.isEmpty()) {
            return Replies.json(PresetsModal.refused("This form lost track of its channel. Close it and run"
                    + " /giga settings again."));
        }
        String channel = submission.get().channelId();
        SettingsService.Outcome o = settings.changePresets(team, channel, user, submission.get().values());
        if (o.refused()) {
            log.info("refused a change of the presets of {} in {} by {}: not an admin", channel, team, user);
            return Replies.json(PresetsModal.refused(o.refusal().text()));
        }
        if (o.hasErrors()) {
            return Replies.json(PresetsModal.errors(o.errors()));
        }
        if (!o.changes().isEmpty()) {
            ChannelPresets now = service.presets(team, channel);
            service.ephemeral(team, channel, user, null, Responses.simple(":pushpin: Saved this channel's presets ("
                    + words(o.changes()) + "). " + (now.isEmpty() ? "It has none now."
                    : "Runs started here get them unless they ask otherwise; their cards say so.")));
        }
        return Response.ok();
    }

    private static String words(List<SettingsService.Changed> changes) {
        List<String> w = new ArrayList<>();
        changes.forEach(c -> w.add(c.setting().presetWord() != null ? c.setting().presetWord() : c.setting().name()));
        return String.join(", ", w);
    }

    /** The answer to {@code /giga settings} where the app was built without settings from Slack. */
    static ObjectNode unavailable() {
        return Responses.simple("Settings cannot be changed from Slack in this installation.");
    }
}
