package io.gigaslack.slack;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.response.Response;
import io.gigaslack.runs.AccessRules;
import io.gigaslack.runs.Decision;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.slack.command.CommandParser;
import io.gigaslack.slack.command.GigaCommand;
import io.gigaslack.slack.command.Usage;
import io.gigaslack.slack.render.Responses;
import io.gigaslack.slack.render.RunModal;
import java.util.List;
import java.util.Optional;

/** The {@code /giga} slash command: parse, check, record, acknowledge. */
final class CommandListener extends FrontEndBase {
    CommandListener(FrontEndBase shared) {
        super(shared);
    }


    Response command(SlashCommandPayload p) {
        GigaCommand cmd = CommandParser.parse(p.getText() == null ? "" : p.getText());
        String team = p.getTeamId();
        String user = p.getUserId();
        if (cmd instanceof GigaCommand.Run r) {
            return startRun(team, p.getChannelId(), user, RunKind.AGENT, r.options(), r.prompt(), p.getResponseUrl());
        } else if (cmd instanceof GigaCommand.Desktop d) {
            return startRun(team, p.getChannelId(), user, RunKind.DESKTOP, d.options(), "", p.getResponseUrl());
        } else if (cmd instanceof GigaCommand.OpenModal) {
            openModal(p.getTriggerId(), p.getChannelId(), RunModal.Prefill.NONE);
            return Response.ok();
        } else if (cmd instanceof GigaCommand.ListRuns l) {
            List<Run> list = l.all() ? runs.listByChannel(team, p.getChannelId(), 20)
                    : runs.listByRequester(team, user, 20);
            return json(Responses.runList(list, l.all(), context()));
        } else if (cmd instanceof GigaCommand.Status s) {
            return find(team, s.id()).map(run -> json(Responses.runStatus(run, context())))
                    .orElseGet(() -> unknownRun(s.id(), Usage.STATUS));
        } else if (cmd instanceof GigaCommand.Stop s) {
            Optional<Run> run = find(team, s.id());
            if (run.isEmpty()) {
                return unknownRun(s.id(), Usage.STOP);
            }
            Decision may = mayControl(run.get(), user, AccessRules.Control.STOP);
            if (may.isRefused()) {
                return json(Responses.simple(may.text()));
            }
            if (!run.get().computer().isLive() && run.get().deploymentId() != null) {
                return json(Responses.simple("That computer is not running any more."));
            }
            requests.stop(run.get(), user);
            return json(Responses.simple("Stopping `" + run.get().id() + "`…"));
        } else if (cmd instanceof GigaCommand.Delete d) {
            Optional<Run> run = find(team, d.id());
            if (run.isEmpty()) {
                return unknownRun(d.id(), Usage.DELETE);
            }
            Decision may = mayControl(run.get(), user, AccessRules.Control.DELETE);
            if (may.isRefused()) {
                return json(Responses.simple(may.text()));
            }
            return json(Responses.deleteConfirmation(run.get()));
        } else if (cmd instanceof GigaCommand.Audit) {
            if (!settings.rules().isConfiguredAdmin(user) && !admins.isAdmin(user)) {
                return json(Responses.simple(":no_entry: Only workspace admins and owners and the app's admins can"
                        + " read the audit log."));
            }
            List<io.gigaslack.slack.render.AuditEntry> entries = audit.recent(team, 30).stream()
                    .map(e -> new io.gigaslack.slack.render.AuditEntry(e.at(), e.userId(), e.action(), e.runId(),
                            e.detail()))
                    .toList();
            return json(Responses.audit(entries));
        } else if (cmd instanceof GigaCommand.Invalid inv) {
            return json(Responses.badInput(inv));
        }
        return json(Responses.help());
    }
}
