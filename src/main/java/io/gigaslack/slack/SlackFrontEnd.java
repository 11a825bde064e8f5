package io.gigaslack.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.event.AppMentionEvent;
import io.gigaslack.jobs.RunRequests;
import io.gigaslack.jobs.SlackGateway;
import io.gigaslack.runs.AccessRules;
import io.gigaslack.runs.Decision;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunParams;
import io.gigaslack.slack.command.CommandParser;
import io.gigaslack.slack.command.GigaCommand;
import io.gigaslack.slack.command.RunOptions;
import io.gigaslack.slack.command.SlackText;
import io.gigaslack.slack.command.Usage;
import io.gigaslack.slack.render.ActionIds;
import io.gigaslack.slack.render.RenderContext;
import io.gigaslack.slack.render.Responses;
import io.gigaslack.slack.render.RunModal;
import io.gigaslack.store.AuditLog;
import io.gigaslack.store.RunRepository;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bolt listeners: the {@code /giga} command, the card's buttons, the run modal, the "Run with
 * Giga" message shortcut, mentions and the App Home. Each listener validates, records durably
 * through {@link RunRequests} and acknowledges; it never waits on Giga. The only Slack calls made
 * before or around an acknowledgement are those Slack's own rules force: {@code views.open} needs
 * the 3-second trigger id, so it is made right after the acknowledgement on an in-memory pool
 * (losing it in a crash loses nothing: the trigger would have expired anyway).
 */
public final class SlackFrontEnd {
    private static final Logger log = LoggerFactory.getLogger(SlackFrontEnd.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String COMMAND = "/giga";
    public static final String SHORTCUT_CALLBACK_ID = "run_with_giga";
    private static final Pattern MENTION = Pattern.compile("^\\s*<@[A-Z0-9]+(\\|[^>]*)?>[\\s:,]*");

    private final RunRequests requests;
    private final RunRepository runs;
    private final SlackGateway slack;
    private final AdminDirectory admins;
    private final FrontEndSettings settings;
    private final Clock clock;
    private final ExecutorService viewOpener;
    private final Predicate<String> firstDelivery;
    private final UserGroupDirectory groups;
    private final AuditLog audit;

    public SlackFrontEnd(RunRequests requests, RunRepository runs, SlackGateway slack, AdminDirectory admins,
            UserGroupDirectory groups, AuditLog audit, FrontEndSettings settings, Clock clock,
            ExecutorService viewOpener, Predicate<String> firstDelivery) {
        this.groups = groups;
        this.audit = audit;
        this.requests = requests;
        this.runs = runs;
        this.slack = slack;
        this.admins = admins;
        this.settings = settings;
        this.clock = clock;
        this.viewOpener = viewOpener;
        this.firstDelivery = firstDelivery;
    }

    /** Registers every listener on the Bolt app. */
    public void register(App app) {
        app.command(COMMAND, (req, ctx) -> command(req.getPayload()));
        app.blockAction(ActionIds.RUN_STOP, (req, ctx) -> button(req.getPayload(), ActionIds.RUN_STOP));
        app.blockAction(ActionIds.RUN_EXTEND, (req, ctx) -> button(req.getPayload(), ActionIds.RUN_EXTEND));
        app.blockAction(ActionIds.RUN_RETRY, (req, ctx) -> button(req.getPayload(), ActionIds.RUN_RETRY));
        app.blockAction(ActionIds.RUN_DELETE, (req, ctx) -> button(req.getPayload(), ActionIds.RUN_DELETE));
        app.blockAction(ActionIds.RUN_DELETE_CONFIRM,
                (req, ctx) -> button(req.getPayload(), ActionIds.RUN_DELETE_CONFIRM));
        app.blockAction(ActionIds.RUN_DELETE_CANCEL, (req, ctx) -> ctx.ack());
        app.blockAction(ActionIds.RUN_OPEN_DESKTOP, (req, ctx) -> ctx.ack()); // a link button: Slack opens the URL
        app.blockAction(ActionIds.RUN_STATUS, (req, ctx) -> button(req.getPayload(), ActionIds.RUN_STATUS));
        app.blockAction(ActionIds.OPEN_RUN_MODAL, (req, ctx) -> {
            BlockActionPayload p = req.getPayload();
            String channel = p.getChannel() != null ? p.getChannel().getId() : p.getUser().getId();
            openModal(p.getTriggerId(), channel, RunModal.Prefill.NONE);
            return ctx.ack();
        });
        app.viewSubmission(RunModal.CALLBACK_ID, (req, ctx) -> modalSubmitted(req.getRequestBodyAsString(),
                req.getPayload().getTeam().getId(), req.getPayload().getUser().getId()));
        app.messageShortcut(SHORTCUT_CALLBACK_ID, (req, ctx) -> {
            var p = req.getPayload();
            String text = p.getMessage() == null ? "" : SlackText.unescape(p.getMessage().getText());
            openModal(p.getTriggerId(), p.getChannel().getId(), RunModal.Prefill.task(text));
            return ctx.ack();
        });
        app.event(AppMentionEvent.class, (req, ctx) -> {
            if (firstDelivery.test("event:" + req.getEventId())) {
                mention(req.getEvent(), ctx.getTeamId());
            }
            return ctx.ack();
        });
        app.event(AppHomeOpenedEvent.class, (req, ctx) -> {
            AppHomeOpenedEvent e = req.getEvent();
            if ("home".equals(e.getTab())) {
                String team = ctx.getTeamId();
                viewOpener.execute(() -> publishHome(team, e.getUser()));
            }
            return ctx.ack();
        });
    }

    // ---- /giga ----

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

    /** What became of a request to start: the run, or a refusal in plain words (and which field it concerns). */
    record StartAnswer(Run run, String refusal, Decision.Reason reason) {
        Response toAck() {
            if (run == null) {
                return json(Responses.simple(refusal));
            }
            int hours = run.params().hours();
            return json(Responses.simple(":rocket: Starting `" + run.id() + "` on " + run.params().platform() + " for "
                    + hours + (hours == 1 ? " hour" : " hours") + ". Its status card will appear in this channel."));
        }
    }

    private Response startRun(String team, String channel, String user, RunKind kind, RunOptions o, String prompt,
            String responseUrl) {
        String usage = kind == RunKind.AGENT ? Usage.RUN : Usage.DESKTOP;
        String platform = o.platform() == null ? settings.defaultPlatform() : o.platform();
        if (!settings.platforms().containsKey(platform)) {
            return json(Responses.badInput("Unknown platform `" + SlackText.escape(platform) + "`. Choose one of: "
                    + String.join(", ", settings.platforms().keySet()) + ".", usage));
        }
        return start(team, channel, user, kind, o, prompt, responseUrl).toAck();
    }

    /** Checks who may start here and the configured limits, then records the run. */
    StartAnswer start(String team, String channel, String user, RunKind kind, RunOptions o, String prompt,
            String responseUrl) {
        Decision may = settings.rules().mayStart(channel, user,
                settings.rules().needsUserGroups(user) ? groups.groupsOf(user, settings.rules().allowedUsergroups())
                        : java.util.Set.of());
        if (may.isRefused()) {
            return new StartAnswer(null, may.text(), may.reason());
        }
        String platform = o.platform() == null ? settings.defaultPlatform() : o.platform();
        int hours = o.hours() == null ? Math.min(settings.defaultHours(), settings.limits().maxHours()) : o.hours();
        RunParams params = new RunParams(platform, hours, prompt,
                kind == RunKind.AGENT ? (o.goal() == null || o.goal().isBlank() ? settings.defaultGoal() : o.goal()) : "",
                kind == RunKind.AGENT ? (o.systemPrompt() == null ? settings.systemPrompt() : o.systemPrompt()) : "",
                o.name());
        RunRequests.Started started = requests.start(team, channel, user, kind, params, responseUrl);
        if (started.refused()) {
            return new StartAnswer(null, started.refusal().text(), started.refusal().reason());
        }
        return new StartAnswer(started.run(), null, null);
    }

    // ---- buttons ----

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

    // ---- modal ----

    private void openModal(String triggerId, String channel, RunModal.Prefill prefill) {
        ObjectNode view = RunModal.view(new ArrayList<>(settings.platforms().values()),
                new RunModal.Defaults(settings.defaultPlatform(), settings.defaultHours(), settings.defaultGoal()),
                new RunModal.Metadata(channel, null), prefill);
        viewOpener.execute(() -> {
            try {
                slack.openView(triggerId, view);
            } catch (RuntimeException e) {
                log.warn("could not open the run modal: {}", e.getMessage());
            }
        });
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

    // ---- mentions and home ----

    private void mention(AppMentionEvent e, String team) {
        String text = SlackText.unescape(MENTION.matcher(e.getText() == null ? "" : e.getText()).replaceFirst("")).strip();
        // "@Giga run Summarise…" reads like the command: the word "run" is not part of the task.
        text = text.replaceFirst("(?i)^run\\s+", "");
        if (e.getThreadTs() != null) {
            Optional<Run> run = runs.listByChannel(team, e.getChannel(), 200).stream()
                    .filter(r -> e.getThreadTs().equals(r.rootTs())).findFirst();
            if (run.isPresent()) {
                // Steering someone's agent is as much control as stopping it: the same people may do it.
                Decision may = mayControl(run.get(), e.getUser(), AccessRules.Control.RETRY);
                if (may.isRefused()) {
                    requests.ephemeral(e.getChannel(), e.getUser(), null, Responses.simple(":no_entry: Only the run's"
                            + " requester, workspace admins and owners, and the app's admins can send its agent messages."));
                } else if (!text.isEmpty()) {
                    requests.followUp(run.get(), e.getUser(), text);
                }
                return;
            }
        }
        if (text.isEmpty()) {
            requests.ephemeral(e.getChannel(), e.getUser(), null, Responses.help());
            return;
        }
        StartAnswer answer = start(team, e.getChannel(), e.getUser(), RunKind.AGENT, RunOptions.NONE, text, null);
        if (answer.run() == null) {
            requests.ephemeral(e.getChannel(), e.getUser(), null, Responses.simple(answer.refusal()));
        }
    }

    private void publishHome(String team, String user) {
        try {
            slack.publishHome(user, io.gigaslack.slack.render.HomeView.render(user,
                    runs.listByRequester(team, user, 15), context()));
        } catch (RuntimeException e) {
            log.warn("could not publish App Home: {}", e.getMessage());
        }
    }

    // ---- helpers ----

    private Optional<Run> find(String team, String id) {
        Optional<Run> run = runs.findById(id);
        if (run.isEmpty()) {
            run = runs.findByDeploymentId(id);
        }
        return run.filter(r -> r.teamId().equals(team));
    }

    private Decision mayControl(Run run, String user, AccessRules.Control action) {
        // Ask Slack whether the user is a workspace admin only when nothing cheaper decides it.
        boolean obvious = run.requesterId().equals(user) || settings.rules().isConfiguredAdmin(user);
        return settings.rules().mayControl(run, user, !obvious && admins.isAdmin(user), action);
    }

    /** Modal errors are plain text: drop Slack markup from a refusal written for a message. */
    private static String plain(String text) {
        String t = text.replaceAll("<@([A-Z0-9]+)(\\|[^>]*)?>", "@$1").replaceAll("[*_`]", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return t.length() > 150 ? t.substring(0, 149) + "…" : t;
    }

    private Response unknownRun(String id, String usage) {
        return json(Responses.badInput("No run `" + SlackText.escape(id) + "` in this workspace. `/giga list` shows"
                + " your runs.", usage));
    }

    private RenderContext context() {
        return RenderContext.of(clock.instant(), settings.platforms().values(), settings.desktopViewerUrl(),
                settings.autoStop());
    }

    static Response json(ObjectNode body) {
        return Response.builder().statusCode(200).contentType(Response.CONTENT_TYPE_APPLICATION_JSON_UTF8)
                .body(body.toString()).build();
    }

    private static String formField(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return "{}";
    }
}
