package io.gigaslack.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.Milestone;
import io.gigaslack.runs.Notice;
import io.gigaslack.service.RunJob.CallbackHint;
import io.gigaslack.store.Job;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one codec between {@link RunJob} and a stored job row (queue, kind, JSON payload). The stored form is the one
 * the app has always written, so jobs left in the database by an earlier version run unchanged after an upgrade
 * (JobCodecTest reads each of those forms).
 */
public final class JobCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The pseudo run id of the reconcile job: one id, so replicas run reconcile cycles one at a time. */
    public static final String RECONCILER_RUN_ID = "reconciler";
    /** The pseudo run id of the balance check: one id, so replicas read Giga's balance one at a time. */
    public static final String BALANCE_RUN_ID = "balance";

    // Stored kinds. Kept as they were: rows of these kinds may be waiting in a database being upgraded.
    static final String CARD = "card";
    static final String THREAD = "thread";
    static final String EPHEMERAL = "ephemeral";
    static final String FILE = "file";
    static final String START = "start";
    static final String STOP = "stop";
    static final String EXTEND = "extend";
    static final String DELETE = "delete";
    static final String FOLLOW_UP = "followup";
    /** A refresh's hint is its kind's suffix, so coalescing (per kind) never merges a completion into a bare refresh. */
    static final String REFRESH = "refresh";
    static final String RESULTS = "results";
    public static final String RECONCILE = "reconcile";
    static final String SCREENSHOT = "screenshot";
    /** A screenshot someone asked for: a kind of its own, so that the once-a-minute limit counts only these. */
    static final String SCREENSHOT_ASKED = "screenshot_asked";
    static final String USAGE_CHART = "usage_chart";
    static final String LOW_BALANCE = "low_balance_dm";
    static final String LOW_BALANCE_ADMINS = "low_balance_admins";
    public static final String CHECK_BALANCE = "balance";
    public static final String LEAVE_WORKSPACE = "leave_workspace";
    static final String INPUT_FILE = "input_file";
    static final String START_AGENT = "start_agent";

    /** A resend is a kind of its own, so that coalescing never folds it into a plain refresh of the progress. */
    static final String PROGRESS = "progress";
    static final String PROGRESS_RESEND = "progress_resend";

    /** The stored payload's value of {@code by} for the app's own auto-stop. */
    private static final String AUTO = "auto";

    private JobCodec() {}

    /** A job as stored: its queue, kind and JSON payload. */
    public record Stored(String queue, String kind, String payload) {}

    public static Stored encode(RunJob job) {
        ObjectNode p = JSON.createObjectNode();
        String kind;
        if (job instanceof RunJob.PostCard c) {
            kind = CARD;
            putIfSet(p, "responseUrl", c.responseUrl());
        } else if (job instanceof RunJob.PostNotice n) {
            kind = THREAD;
            p = encodeNotice(n.notice());
        } else if (job instanceof RunJob.Ephemeral e) {
            kind = EPHEMERAL;
            p.put("channel", e.channel()).put("user", e.user());
            putIfSet(p, "team", e.teamId());
            putIfSet(p, "responseUrl", e.responseUrl());
            p.set("message", e.message());
        } else if (job instanceof RunJob.ShareFile f) {
            kind = FILE;
            p.put("id", f.fileId()).put("name", f.name()).put("size", f.size());
        } else if (job instanceof RunJob.ShowProgress sp) {
            kind = sp.resendSession() ? PROGRESS_RESEND : PROGRESS;
        } else if (job instanceof RunJob.Start) {
            kind = START;
        } else if (job instanceof RunJob.Stop s) {
            kind = STOP;
            p.put("by", s.automatic() ? AUTO : s.by());
        } else if (job instanceof RunJob.Extend x) {
            kind = EXTEND;
            p.put("by", x.by());
        } else if (job instanceof RunJob.Delete d) {
            kind = DELETE;
            p.put("by", d.by());
        } else if (job instanceof RunJob.FollowUp f) {
            kind = FOLLOW_UP;
            p.put("by", f.by()).put("message", f.message());
            putIfSet(p, "files", f.files());
        } else if (job instanceof RunJob.TransferInputFile t) {
            kind = INPUT_FILE;
            p.put("batch", t.batch()).put("position", t.position());
        } else if (job instanceof RunJob.StartAgent) {
            kind = START_AGENT;
        } else if (job instanceof RunJob.Refresh r) {
            kind = refreshKind(r.hint());
            if (r.hint() != CallbackHint.NONE) {
                // Read from the kind; also in the payload only for replicas of the previous version, which read it
                // there, during a rolling upgrade.
                p.put("hint", r.hint().name().toLowerCase(Locale.ROOT));
            }
        } else if (job instanceof RunJob.CollectResults) {
            kind = RESULTS;
        } else if (job instanceof RunJob.Reconcile r) {
            kind = RECONCILE;
            p.put("idle", r.idleCycles());
        } else if (job instanceof RunJob.Screenshot s) {
            kind = s.moment() == RunJob.ScreenshotMoment.ON_DEMAND ? SCREENSHOT_ASKED : SCREENSHOT;
            p.put("moment", s.moment().name());
            putIfSet(p, "by", s.by());
        } else if (job instanceof RunJob.UsageChart u) {
            kind = USAGE_CHART;
            p.put("team", u.teamId()).put("user", u.userId()).put("everyone", u.everyone()).put("at", u.at().toString());
        } else if (job instanceof RunJob.LowBalanceWarning w) {
            kind = LOW_BALANCE;
            p.put("user", w.userId()).put("credits", w.credits().toPlainString()).put("level", w.level())
                    .put("at", w.at().toString());
            putIfSet(p, "account", w.accountId());
        } else if (job instanceof RunJob.LowBalanceAdmins a) {
            kind = LOW_BALANCE_ADMINS;
            ArrayNode admins = p.putArray("admins");
            a.configuredAdmins().forEach(admins::add);
            p.put("credits", a.credits().toPlainString()).put("level", a.level()).put("at", a.at().toString());
            putIfSet(p, "account", a.accountId());
        } else if (job instanceof RunJob.CheckBalance) {
            kind = CHECK_BALANCE;
        } else if (job instanceof RunJob.LeaveWorkspace l) {
            kind = LEAVE_WORKSPACE;
            p.put("team", l.teamId());
            putIfSet(p, "account", l.account());
        } else {
            throw new IllegalArgumentException("no stored form for " + job);
        }
        return new Stored(job.queue().stored(), kind, p.toString());
    }

    /** The stored kind of a refresh with this hint. */
    static String refreshKind(CallbackHint hint) {
        return hint == CallbackHint.NONE ? REFRESH : REFRESH + "_" + hint.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The job a stored row describes. A payload that cannot be read, or a kind this version does not know, is an
     * {@link UnreadableJob}: trying it again cannot help.
     */
    public static RunJob decode(Job job) {
        JsonNode p;
        try {
            p = JSON.readTree(job.payload() == null || job.payload().isBlank() ? "{}" : job.payload());
        } catch (JsonProcessingException e) {
            throw new UnreadableJob("job " + job.id() + " (" + job.kind() + ") has an unreadable payload");
        }
        if (p == null || !p.isObject()) {
            p = JSON.createObjectNode();
        }
        String kind = job.kind() == null ? "" : job.kind();
        try {
            switch (kind) {
                case CARD:
                    return new RunJob.PostCard(text(p, "responseUrl"));
                case THREAD:
                    return new RunJob.PostNotice(decodeNotice(p));
                case EPHEMERAL:
                    JsonNode m = p.get("message");
                    if (m == null || !m.isObject()) {
                        throw new UnreadableJob("ephemeral job " + job.id() + " has no message");
                    }
                    return new RunJob.Ephemeral(text(p, "team"), text(p, "channel"), text(p, "user"),
                            text(p, "responseUrl"),
                            (ObjectNode) m);
                case FILE:
                    return new RunJob.ShareFile(p.path("id").asText(""), p.path("name").asText("file"),
                            p.path("size").asLong(-1));
                case PROGRESS:
                    return RunJob.ShowProgress.LATEST;
                case PROGRESS_RESEND:
                    return RunJob.ShowProgress.RESEND_SESSION;
                case START:
                    return new RunJob.Start();
                case STOP:
                    String by = text(p, "by");
                    return by == null || by.equals(AUTO) ? RunJob.Stop.AUTOMATIC : new RunJob.Stop(by);
                case EXTEND:
                    return new RunJob.Extend(text(p, "by"));
                case DELETE:
                    return new RunJob.Delete(text(p, "by"));
                case FOLLOW_UP:
                    return new RunJob.FollowUp(text(p, "by"), p.path("message").asText(""), text(p, "files"));
                case INPUT_FILE:
                    if (!p.hasNonNull("batch") || !p.path("position").canConvertToInt()) {
                        throw new UnreadableJob("input file job " + job.id() + " names no file");
                    }
                    return new RunJob.TransferInputFile(p.get("batch").asText(), p.get("position").asInt());
                case START_AGENT:
                    return new RunJob.StartAgent();
                case RESULTS:
                    return new RunJob.CollectResults();
                case RECONCILE:
                    return new RunJob.Reconcile(Math.max(0, p.path("idle").asInt(0)));
                case SCREENSHOT:
                    return new RunJob.Screenshot(RunJob.ScreenshotMoment.valueOf(p.path("moment").asText("FINISHED")),
                            text(p, "by"));
                case SCREENSHOT_ASKED:
                    return new RunJob.Screenshot(RunJob.ScreenshotMoment.ON_DEMAND, text(p, "by"));
                case USAGE_CHART:
                    return new RunJob.UsageChart(text(p, "team"), required(p, "user", job), p.path("everyone")
                            .asBoolean(false), Instant.parse(required(p, "at", job)));
                case LOW_BALANCE:
                    return new RunJob.LowBalanceWarning(required(p, "user", job),
                            new BigDecimal(required(p, "credits", job)), p.path("level").asLong(0),
                            Instant.parse(required(p, "at", job)), text(p, "account"));
                case LOW_BALANCE_ADMINS:
                    List<String> admins = new ArrayList<>();
                    p.path("admins").forEach(a -> admins.add(a.asText()));
                    return new RunJob.LowBalanceAdmins(admins, new BigDecimal(required(p, "credits", job)),
                            p.path("level").asLong(0), Instant.parse(required(p, "at", job)),
                            text(p, "account"));
                case CHECK_BALANCE:
                    return new RunJob.CheckBalance();
                case LEAVE_WORKSPACE:
                    return new RunJob.LeaveWorkspace(required(p, "team", job), text(p, "account"));
                default:
                    if (kind.equals(REFRESH) || kind.startsWith(REFRESH + "_")) {
                        // The hint is the kind's suffix; rows written before it moved there carried it in the payload.
                        String hint = kind.equals(REFRESH) ? p.path("hint").asText("") : kind.substring(REFRESH.length() + 1);
                        return new RunJob.Refresh(hint(hint));
                    }
                    throw new UnreadableJob("unknown job kind " + kind);
            }
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new UnreadableJob("job " + job.id() + " (" + kind + "): " + e.getMessage());
        }
    }

    private static CallbackHint hint(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "completed" -> CallbackHint.COMPLETED;
            case "failed" -> CallbackHint.FAILED;
            default -> CallbackHint.NONE;
        };
    }

    static ObjectNode encodeNotice(Notice notice) {
        ObjectNode p = JSON.createObjectNode();
        if (notice instanceof Notice.MilestoneReached m) {
            return p.put("milestone", m.milestone().name());
        } else if (notice instanceof Notice.Extended e) {
            p.put("notice", "extended").put("by", e.by()).put("expiresAt", e.expiresAt().toString());
        } else if (notice instanceof Notice.StopRequested s) {
            p.put("notice", "stop_requested").put("by", s.by());
        } else if (notice instanceof Notice.FollowUpSent f) {
            p.put("notice", "followup").put("by", f.by()).put("message", f.message());
        } else if (notice instanceof Notice.ComputerStillRuns c) {
            p.put("notice", "still_runs");
            putIfSet(p, "autoStopAt", c.autoStopAt() == null ? null : c.autoStopAt().toString());
            putIfSet(p, "plannedEnd", c.plannedEnd() == null ? null : c.plannedEnd().toString());
        } else if (notice instanceof Notice.KeptRunning k) {
            p.put("notice", "kept_running").put("by", k.by()).put("until", k.until().toString());
        } else if (notice instanceof Notice.FilesPosted f) {
            p.put("notice", "files_posted");
            ArrayNode files = p.putArray("files");
            f.files().forEach(file -> files.addObject().put("name", file.name()).put("size", file.size()));
        } else if (notice instanceof Notice.InputFilesPlaced f) {
            p.put("notice", "input_files");
            ArrayNode placed = p.putArray("placed");
            f.placed().forEach(placed::add);
            ArrayNode notPlaced = p.putArray("not_placed");
            f.notPlaced().forEach(n -> notPlaced.addObject().put("name", n.name()).put("reason", n.reason()));
        } else if (notice instanceof Notice.ExpiryReminder r) {
            p.put("notice", "expiry_reminder").put("expiresAt", r.expiresAt().toString());
        } else if (notice instanceof Notice.Deleted d) {
            p.put("notice", "deleted").put("by", d.by());
        } else if (notice instanceof Notice.ActionFailed a) {
            String kind = switch (a.action()) {
                case EXTEND -> "extend_failed";
                case FOLLOW_UP -> "followup_failed";
                case GENERAL -> "action_failed";
            };
            p.put("notice", kind).put("by", a.by()).put("text", a.text());
        } else {
            throw new IllegalArgumentException("no stored form for " + notice);
        }
        return p;
    }

    static Notice decodeNotice(JsonNode p) {
        if (p.hasNonNull("milestone")) {
            return new Notice.MilestoneReached(Milestone.valueOf(p.get("milestone").asText()));
        }
        String by = text(p, "by");
        switch (p.path("notice").asText("")) {
            case "extended":
                return new Notice.Extended(by, Instant.parse(p.path("expiresAt").asText()));
            case "stop_requested":
                return new Notice.StopRequested(by);
            case "followup":
                return new Notice.FollowUpSent(by, p.path("message").asText(""));
            case "still_runs":
                return new Notice.ComputerStillRuns(instant(p, "autoStopAt"), instant(p, "plannedEnd"));
            case "kept_running":
                return new Notice.KeptRunning(by, Instant.parse(p.path("until").asText()));
            case "files_posted":
                List<Notice.OutputFile> files = new ArrayList<>();
                p.path("files").forEach(f -> files.add(new Notice.OutputFile(f.path("name").asText(),
                        f.path("size").asLong(-1))));
                return new Notice.FilesPosted(files);
            case "input_files":
                List<String> placed = new ArrayList<>();
                p.path("placed").forEach(n -> placed.add(n.asText()));
                List<Notice.NotPlaced> notPlaced = new ArrayList<>();
                p.path("not_placed").forEach(n -> notPlaced.add(new Notice.NotPlaced(n.path("name").asText(),
                        n.path("reason").asText())));
                return new Notice.InputFilesPlaced(placed, notPlaced);
            case "expiry_reminder":
                return new Notice.ExpiryReminder(Instant.parse(p.path("expiresAt").asText()));
            case "deleted":
                return new Notice.Deleted(by);
            case "extend_failed":
                return new Notice.ActionFailed(Notice.Action.EXTEND, by, failureText(p));
            case "followup_failed":
                return new Notice.ActionFailed(Notice.Action.FOLLOW_UP, by, failureText(p));
            default:
                // action_failed, and any notice of a later version: its text, or a general apology.
                return new Notice.ActionFailed(Notice.Action.GENERAL, by, failureText(p));
        }
    }

    private static Instant instant(JsonNode p, String field) {
        String t = text(p, field);
        return t == null ? null : Instant.parse(t);
    }

    private static String failureText(JsonNode p) {
        return p.path("text").asText("Something went wrong.");
    }

    private static String text(JsonNode p, String field) {
        JsonNode v = p.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String required(JsonNode p, String field, Job job) {
        String v = text(p, field);
        if (v == null) {
            throw new UnreadableJob("job " + job.id() + " (" + job.kind() + ") has no " + field);
        }
        return v;
    }

    private static void putIfSet(ObjectNode p, String field, String value) {
        if (value != null) {
            p.put(field, value);
        }
    }

    /** A stored job this version cannot read; the job is given up with this reason. */
    public static final class UnreadableJob extends RuntimeException {
        public UnreadableJob(String reason) {
            super(reason, null, false, false);
        }
    }
}
