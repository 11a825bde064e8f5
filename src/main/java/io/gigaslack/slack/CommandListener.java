package io.gigaslack.slack;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import io.gigaslack.runs.Decision;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.service.RunService;
import io.gigaslack.service.UsageService;
import io.gigaslack.slack.command.CommandParser;
import io.gigaslack.slack.command.GigaCommand;
import io.gigaslack.slack.command.RunOptions;
import io.gigaslack.slack.command.SlackText;
import io.gigaslack.slack.command.Usage;
import io.gigaslack.slack.render.Responses;
import io.gigaslack.slack.render.RunModal;
import io.gigaslack.slack.render.UsageBlocks;
import java.util.List;
import java.util.Optional;

/**
 * The {@code /giga} slash command: parse, ask the run service, answer. A start is answered once, in the
 * acknowledgement: before a run is recorded, the command asks whether the bot can post its card in the channel
 * ({@link ChannelReach}), and where it cannot, says so (how to invite it, or where to run it instead) and records
 * nothing.
 */
final class CommandListener implements SlashCommandHandler {
    private final RunService service;
    private final RunModalOpener modal;
    private final ChannelReach reach;
    private final RenderContexts contexts;
    private final UsageService usage;
    /** {@code /giga settings}; null when settings are not changed from Slack. */
    private final SettingsListener settings;

    CommandListener(RunService service, RunModalOpener modal, ChannelReach reach, RenderContexts contexts,
            UsageService usage, SettingsListener settings) {
        this.settings = settings;
        this.usage = usage;
        this.service = service;
        this.modal = modal;
        this.reach = reach;
        this.contexts = contexts;
    }

    @Override
    public Response apply(SlashCommandRequest req, SlashCommandContext ctx) {
        return command(req.getPayload());
    }

    Response command(SlashCommandPayload p) {
        GigaCommand cmd = CommandParser.parse(p.getText() == null ? "" : p.getText());
        String team = p.getTeamId();
        String user = p.getUserId();
        if (cmd instanceof GigaCommand.Run r) {
            return start(p, RunKind.AGENT, r.options(), r.prompt());
        } else if (cmd instanceof GigaCommand.Desktop d) {
            return start(p, RunKind.DESKTOP, d.options(), "");
        } else if (cmd instanceof GigaCommand.OpenModal) {
            modal.open(team, p.getTriggerId(), p.getChannelId(), user, RunModal.Prefill.NONE);
            return Response.ok();
        } else if (cmd instanceof GigaCommand.ListRuns l) {
            List<Run> list = l.all() ? service.recentInChannel(team, p.getChannelId(), 20)
                    : service.recentOf(team, user, 20);
            return Replies.json(Responses.runList(list, l.all(), contexts.now(team)));
        } else if (cmd instanceof GigaCommand.Status s) {
            return service.find(team, s.id()).map(run -> Replies.json(Responses.runStatus(run, contexts.now(team))))
                    .orElseGet(() -> Replies.unknownRun(s.id(), Usage.STATUS));
        } else if (cmd instanceof GigaCommand.Stop s) {
            Optional<Run> run = service.find(team, s.id());
            if (run.isEmpty()) {
                return Replies.unknownRun(s.id(), Usage.STOP);
            }
            RunService.Answer a = service.stop(run.get(), user);
            return Replies.json(Responses.simple(switch (a.outcome()) {
                case REFUSED -> a.refusal().text();
                case NOT_RUNNING -> "That computer is not running any more.";
                case DONE -> "Stopping `" + run.get().id() + "`…";
            }));
        } else if (cmd instanceof GigaCommand.Delete d) {
            Optional<Run> run = service.find(team, d.id());
            if (run.isEmpty()) {
                return Replies.unknownRun(d.id(), Usage.DELETE);
            }
            Decision may = service.mayDelete(run.get(), user);
            return Replies.json(may.isRefused() ? Responses.simple(may.text()) : Responses.deleteConfirmation(run.get()));
        } else if (cmd instanceof GigaCommand.Audit) {
            if (!service.mayReadAudit(team, user)) {
                return Replies.json(Responses.simple(":no_entry: Only workspace admins and owners and the app's admins"
                        + " can read the audit log."));
            }
            return Replies.json(Responses.audit(service.recentAudit(team, 30)));
        } else if (cmd instanceof GigaCommand.ShowUsage) {
            return Replies.json(UsageBlocks.answer(usage.usage(team, user)));
        } else if (cmd instanceof GigaCommand.Settings s) {
            return settings == null ? Replies.json(SettingsListener.unavailable()) : settings.command(p, s);
        } else if (cmd instanceof GigaCommand.Invalid inv) {
            return Replies.json(Responses.badInput(inv));
        }
        return Replies.json(Responses.help());
    }

    private Response start(SlashCommandPayload p, RunKind kind, RunOptions o, String prompt) {
        String team = p.getTeamId();
        String platform = service.platformFor(team, p.getChannelId(), o.platform());
        if (!service.isKnownPlatform(team, platform)) {
            return Replies.json(Responses.badInput("Unknown platform `" + SlackText.escape(platform)
                    + "`. Choose one of: " + String.join(", ", service.settings(team).runs().platforms().keySet())
                    + ".",
                    kind == RunKind.AGENT ? Usage.RUN : Usage.DESKTOP));
        }
        // Where runs may not be started at all, say that first: inviting the bot would not help.
        Decision may = service.mayStart(p.getTeamId(), p.getChannelId(), p.getUserId());
        if (may.isRefused()) {
            return Replies.json(Responses.simple(may.text()));
        }
        switch (reach.of(p.getTeamId(), p.getChannelId())) {
            case PRIVATE_WITHOUT_BOT:
                return Replies.json(Responses.notInChannel());
            case PEOPLES_DM:
                return Replies.json(Responses.notInPeoplesDm());
            default:
                break; // it can post there, or Slack did not say in time: the card's post will find out
        }
        return Replies.json(Replies.started(service.start(Replies.startRequest(p.getTeamId(), p.getChannelId(),
                p.getUserId(), kind, o, prompt, p.getResponseUrl()))));
    }
}
