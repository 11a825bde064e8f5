package io.gigaslack.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.bolt.response.Response;
import io.gigaslack.jobs.RunRequests;
import io.gigaslack.jobs.SlackGateway;
import io.gigaslack.runs.AccessRules;
import io.gigaslack.runs.Decision;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunParams;
import io.gigaslack.slack.command.RunOptions;
import io.gigaslack.slack.command.SlackText;
import io.gigaslack.slack.command.Usage;
import io.gigaslack.slack.render.RenderContext;
import io.gigaslack.slack.render.Responses;
import io.gigaslack.slack.render.RunModal;
import io.gigaslack.store.AuditLog;
import io.gigaslack.store.RunRepository;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every Slack listener shares: the collaborators, the configured rules, and the small helpers
 * that find a run, decide who may control it, start a run and open the run modal.
 */
abstract class FrontEndBase {
    static final Logger log = LoggerFactory.getLogger(SlackFrontEnd.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern MENTION = Pattern.compile("^\\s*<@[A-Z0-9]+(\\|[^>]*)?>[\\s:,]*");

    final RunRequests requests;
    final RunRepository runs;
    final SlackGateway slack;
    final AdminDirectory admins;
    final FrontEndSettings settings;
    final Clock clock;
    final ExecutorService viewOpener;
    final DeliveryLog deliveries;
    final UserGroupDirectory groups;
    final AuditLog audit;

    FrontEndBase(RunRequests requests, RunRepository runs, SlackGateway slack, AdminDirectory admins,
            UserGroupDirectory groups, AuditLog audit, FrontEndSettings settings, Clock clock,
            ExecutorService viewOpener, DeliveryLog deliveries) {
        this.groups = groups;
        this.audit = audit;
        this.requests = requests;
        this.runs = runs;
        this.slack = slack;
        this.admins = admins;
        this.settings = settings;
        this.clock = clock;
        this.viewOpener = viewOpener;
        this.deliveries = deliveries;
    }


    /** A listener sharing another's collaborators. */
    FrontEndBase(FrontEndBase other) {
        this(other.requests, other.runs, other.slack, other.admins, other.groups, other.audit, other.settings,
                other.clock, other.viewOpener, other.deliveries);
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

    Response startRun(String team, String channel, String user, RunKind kind, RunOptions o, String prompt,
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


    void openModal(String triggerId, String channel, RunModal.Prefill prefill) {
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


    Optional<Run> find(String team, String id) {
        Optional<Run> run = runs.findById(id);
        if (run.isEmpty()) {
            run = runs.findByDeploymentId(id);
        }
        return run.filter(r -> r.teamId().equals(team));
    }

    Decision mayControl(Run run, String user, AccessRules.Control action) {
        // Ask Slack whether the user is a workspace admin only when nothing cheaper decides it.
        boolean obvious = run.requesterId().equals(user) || settings.rules().isConfiguredAdmin(user);
        return settings.rules().mayControl(run, user, !obvious && admins.isAdmin(user), action);
    }

    /** Modal errors are plain text: drop Slack markup from a refusal written for a message. */
    static String plain(String text) {
        String t = text.replaceAll("<@([A-Z0-9]+)(\\|[^>]*)?>", "@$1").replaceAll("[*_`]", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return t.length() > 150 ? t.substring(0, 149) + "…" : t;
    }

    Response unknownRun(String id, String usage) {
        return json(Responses.badInput("No run `" + SlackText.escape(id) + "` in this workspace. `/giga list` shows"
                + " your runs.", usage));
    }

    RenderContext context() {
        return RenderContext.of(clock.instant(), settings.platforms().values(), settings.desktopViewerUrl(),
                settings.autoStop());
    }

    static Response json(ObjectNode body) {
        return Response.builder().statusCode(200).contentType(Response.CONTENT_TYPE_APPLICATION_JSON_UTF8)
                .body(body.toString()).build();
    }

    static String formField(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return "{}";
    }
}
