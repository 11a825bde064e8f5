package io.gigaslack.store;

import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.MeteredRun;
import io.gigaslack.runs.Platform;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunParams;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.runs.StartTries;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs, stored one row each. Changes use optimistic locking: {@link #update} writes only if the row still has the
 * version the run was read with, and bumps it. Times are kept to the millisecond.
 *
 * <p>Methods taking a {@link Tx} join the caller's transaction (to commit a run's change with its outbox jobs); the
 * others run in a transaction of their own.
 */
public final class RunRepository {
    /** {@link Run#needsTracking()} as SQL, derived from the enums so the two cannot drift apart. */
    static final String NEEDS_TRACKING = "(status IN (" + names(Arrays.stream(RunStatus.values())
            .filter(s -> !s.isTerminal()).map(Enum::name).toList()) + ") OR computer IN ("
            + names(Arrays.stream(ComputerState.values()).filter(ComputerState::isLive).map(Enum::name).toList()) + "))";

    /** {@link Run#holdsSlot()} as SQL: the runs the concurrency limits count. */
    static final String HOLDS_SLOT = "(status IN (" + names(Arrays.stream(RunStatus.values())
            .filter(s -> !s.isTerminal()).map(Enum::name).toList()) + ") OR (computer IN ("
            + names(Arrays.stream(ComputerState.values()).filter(ComputerState::isLive).map(Enum::name).toList())
            + ") AND auto_stop_at IS NULL))";

    private static final String COLUMNS = "id, team_id, channel_id, root_ts, requester_id, kind, params_platform, "
            + "params_hours, params_prompt, params_goal, params_system_prompt, params_name, name_tag, deployment_id, "
            + "thread_id, sandbox_id, vnc_url, status, computer, final_answer, failure_reason, stopped_by, "
            + "callback_token_hash, created_at, updated_at, ready_at, finished_at, computer_ended_at, expires_at, "
            + "reminded_for, extended_to, credits_per_hour, auto_stop_at, kept_by, start_requests, start_answer, "
            + "start_answered_at, start_next_try_at, version, params_presets";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM runs ";
    private static final String NEWEST_FIRST = " ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY";

    private final Jdbc jdbc;

    public RunRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a new run; fails with {@link StoreException} if its id or name tag is taken. */
    public void insert(Tx tx, Run run) {
        tx.update("INSERT INTO runs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run.id(), run.teamId(), run.channelId(), run.rootTs(), run.requesterId(), run.kind(),
                run.params().platform(), run.params().hours(), run.params().prompt(), run.params().goal(),
                run.params().systemPrompt(), run.params().name(), run.nameTag(), run.deploymentId(), run.threadId(),
                run.sandboxId(), run.vncUrl(), run.status(), run.computer(), run.finalAnswer(), run.failureReason(),
                run.stoppedBy(), run.callbackTokenHash(), run.createdAt(), run.updatedAt(), run.readyAt(),
                run.finishedAt(), run.computerEndedAt(), run.expiresAt(), run.remindedFor(), run.extendedTo(),
                run.creditsPerHour(), run.autoStopAt(), run.keptBy(), run.startTries().requests(),
                run.startTries().answer(), run.startTries().answeredAt(), run.startTries().nextTryAt(), run.version(),
                run.params().presets().isEmpty() ? null : run.params().presetWords());
    }

    public void insert(Run run) {
        jdbc.useTransaction(tx -> insert(tx, run));
    }

    public Optional<Run> findById(Tx tx, String id) {
        return tx.queryOne(SELECT + "WHERE id = ?", RunRepository::map, id);
    }

    public Optional<Run> findById(String id) {
        return jdbc.inTransaction(tx -> findById(tx, id));
    }

    public Optional<Run> findByDeploymentId(String deploymentId) {
        return jdbc.inTransaction(tx -> tx.query(SELECT + "WHERE deployment_id = ? ORDER BY created_at, id",
                RunRepository::map, deploymentId)).stream().findFirst();
    }

    public Optional<Run> findByNameTag(String nameTag) {
        return jdbc.queryOne(SELECT + "WHERE name_tag = ?", RunRepository::map, nameTag);
    }

    /** The run whose status card is the thread root {@code rootTs} in that channel. */
    public Optional<Run> findByThread(String teamId, String channelId, String rootTs) {
        return jdbc.queryOne(SELECT + "WHERE team_id = ? AND channel_id = ? AND root_ts = ?", RunRepository::map,
                teamId, channelId, rootTs);
    }

    /**
     * Writes {@code run}'s changeable fields if the stored row still has {@code run.version()}; returns the run with
     * its new version. Identity fields (id, team, requester, kind, params, name tag, token hash, created) are not
     * changed.
     *
     * @throws ConcurrentUpdateException when the row changed since it was read (or is gone)
     */
    public Run update(Tx tx, Run run) {
        return tryUpdate(tx, run).orElseThrow(() -> new ConcurrentUpdateException("runs", run.id(), run.version()));
    }

    public Run update(Run run) {
        return jdbc.inTransaction(tx -> update(tx, run));
    }

    /** {@link #update}, giving empty instead of throwing when the race is lost. */
    public Optional<Run> tryUpdate(Tx tx, Run run) {
        int n = tx.update("UPDATE runs SET channel_id = ?, root_ts = ?, deployment_id = ?, thread_id = ?, "
                + "sandbox_id = ?, vnc_url = ?, status = ?, computer = ?, final_answer = ?, failure_reason = ?, "
                + "stopped_by = ?, updated_at = ?, ready_at = ?, finished_at = ?, computer_ended_at = ?, "
                + "expires_at = ?, reminded_for = ?, extended_to = ?, callback_token_hash = ?, auto_stop_at = ?, "
                + "kept_by = ?, start_requests = ?, start_answer = ?, start_answered_at = ?, start_next_try_at = ?, "
                + "version = version + 1 WHERE id = ? AND version = ?",
                run.channelId(), run.rootTs(), run.deploymentId(), run.threadId(), run.sandboxId(), run.vncUrl(),
                run.status(), run.computer(), run.finalAnswer(), run.failureReason(), run.stoppedBy(),
                run.updatedAt(), run.readyAt(), run.finishedAt(), run.computerEndedAt(), run.expiresAt(),
                run.remindedFor(), run.extendedTo(), run.callbackTokenHash(), run.autoStopAt(), run.keptBy(),
                run.startTries().requests(), run.startTries().answer(), run.startTries().answeredAt(),
                run.startTries().nextTryAt(), run.id(),
                run.version());
        return n == 1 ? Optional.of(run.toBuilder().version(run.version() + 1).build()) : Optional.empty();
    }

    /** A requester's runs in a team, newest first. */
    public List<Run> listByRequester(String teamId, String requesterId, int limit) {
        return jdbc.query(SELECT + "WHERE team_id = ? AND requester_id = ?" + NEWEST_FIRST, RunRepository::map,
                teamId, requesterId, limit);
    }

    /** The runs started from a channel, newest first. */
    public List<Run> listByChannel(String teamId, String channelId, int limit) {
        return jdbc.query(SELECT + "WHERE team_id = ? AND channel_id = ?" + NEWEST_FIRST, RunRepository::map,
                teamId, channelId, limit);
    }

    /** Runs for which {@link Run#needsTracking()} holds, least recently updated first. */
    public List<Run> listNeedingTracking(int limit) {
        return jdbc.query(SELECT + "WHERE " + NEEDS_TRACKING + " ORDER BY updated_at, id FETCH FIRST ? ROWS ONLY",
                RunRepository::map, limit);
    }

    /** The runs of one team that still need tracking (the app is leaving that workspace). */
    public List<Run> listNeedingTracking(String teamId, int limit) {
        return jdbc.query(SELECT + "WHERE team_id = ? AND " + NEEDS_TRACKING + " ORDER BY updated_at, id"
                + " FETCH FIRST ? ROWS ONLY", RunRepository::map, teamId, limit);
    }

    /** How many of a user's runs in a team need tracking (are active or still have a live computer). */
    public long countActiveByUser(String teamId, String requesterId) {
        return jdbc.queryLong("SELECT COUNT(*) FROM runs WHERE team_id = ? AND requester_id = ? AND " + NEEDS_TRACKING,
                teamId, requesterId);
    }

    public long countActiveByUser(Tx tx, String teamId, String requesterId) {
        return tx.queryLong("SELECT COUNT(*) FROM runs WHERE team_id = ? AND requester_id = ? AND " + NEEDS_TRACKING,
                teamId, requesterId);
    }

    /** How many runs of a team need tracking. */
    /** Runs that still need tracking, in every workspace (the active-runs metric). */
    public long countNeedingTracking() {
        return jdbc.queryLong("SELECT COUNT(*) FROM runs WHERE " + NEEDS_TRACKING);
    }

    public long countActiveByTeam(String teamId) {
        return jdbc.queryLong("SELECT COUNT(*) FROM runs WHERE team_id = ? AND " + NEEDS_TRACKING, teamId);
    }

    public long countActiveByTeam(Tx tx, String teamId) {
        return tx.queryLong("SELECT COUNT(*) FROM runs WHERE team_id = ? AND " + NEEDS_TRACKING, teamId);
    }

    /** How many runs of a team hold a slot ({@link Run#holdsSlot()}), for the words of a refusal. */
    public long countHoldingSlots(Tx tx, String teamId) {
        return tx.queryLong("SELECT COUNT(*) FROM runs WHERE team_id = ? AND " + HOLDS_SLOT, teamId);
    }

    /** How many of one person's runs in a team hold a slot ({@link Run#holdsSlot()}). */
    public long countHoldingSlots(Tx tx, String teamId, String requesterId) {
        return tx.queryLong("SELECT COUNT(*) FROM runs WHERE team_id = ? AND requester_id = ? AND " + HOLDS_SLOT,
                teamId, requesterId);
    }

    /**
     * The runs holding slots ({@link Run#holdsSlot()}) of a team, or of one person in it when {@code requesterId} is
     * not null, newest first: the runs a refusal names.
     */
    public List<Run> listHoldingSlots(Tx tx, String teamId, String requesterId, int limit) {
        return requesterId == null
                ? tx.query(SELECT + "WHERE team_id = ? AND " + HOLDS_SLOT + NEWEST_FIRST, RunRepository::map, teamId,
                        limit)
                : tx.query(SELECT + "WHERE team_id = ? AND requester_id = ? AND " + HOLDS_SLOT + NEWEST_FIRST,
                        RunRepository::map, teamId, requesterId, limit);
    }

    /**
     * What the credits of a team's runs created at or after {@code since} are computed from, oldest first; only the
     * columns needed, so that a month of a busy workspace stays a small read. One person's runs when
     * {@code requesterId} is not null.
     */
    public List<MeteredRun> listMeteredSince(Tx tx, String teamId, String requesterId, Instant since) {
        String columns = "SELECT id, requester_id, channel_id, status, computer, deployment_id, params_hours, "
                + "created_at, ready_at, computer_ended_at, extended_to, auto_stop_at, credits_per_hour FROM runs ";
        String order = " ORDER BY created_at, id";
        return requesterId == null
                ? tx.query(columns + "WHERE team_id = ? AND created_at >= ?" + order, RunRepository::metered, teamId,
                        since)
                : tx.query(columns + "WHERE team_id = ? AND requester_id = ? AND created_at >= ?" + order,
                        RunRepository::metered, teamId, requesterId, since);
    }

    public List<MeteredRun> listMeteredSince(String teamId, String requesterId, Instant since) {
        return jdbc.inTransaction(tx -> listMeteredSince(tx, teamId, requesterId, since));
    }

    private static MeteredRun metered(ResultSet rs) throws SQLException {
        RunStatus status = RunStatus.valueOf(rs.getString("status"));
        ComputerState computer = ComputerState.valueOf(rs.getString("computer"));
        Instant created = Rows.instant(rs, "created_at");
        Instant asked = created.plus(Duration.ofHours(rs.getInt("params_hours")));
        Instant extended = Rows.instant(rs, "extended_to");
        Instant planned = extended != null && extended.isAfter(asked) ? extended : asked;
        Instant autoStop = Rows.instant(rs, "auto_stop_at");
        return new MeteredRun(rs.getString("id"), rs.getString("requester_id"), rs.getString("channel_id"), created,
                rate(rs), Rows.instant(rs, "ready_at"), Rows.instant(rs, "computer_ended_at"),
                autoStop != null && autoStop.isBefore(planned) ? autoStop : planned, computer != ComputerState.NONE,
                Run.mayStillRun(status, computer, rs.getString("deployment_id")));
    }

    /** The stored credit rate; rows written before rates were kept have none. */
    private static int rate(ResultSet rs) throws SQLException {
        int rate = rs.getInt("credits_per_hour");
        return rs.wasNull() ? Platform.UNKNOWN_RATE : rate;
    }

    /** How many runs a user created in a team at or after {@code since}. */
    public long countStartedSince(String teamId, String requesterId, Instant since) {
        return jdbc.queryLong("SELECT COUNT(*) FROM runs WHERE team_id = ? AND requester_id = ? AND created_at >= ?",
                teamId, requesterId, since);
    }

    public long countStartedSince(Tx tx, String teamId, String requesterId, Instant since) {
        return tx.queryLong("SELECT COUNT(*) FROM runs WHERE team_id = ? AND requester_id = ? AND created_at >= ?",
                teamId, requesterId, since);
    }

    /**
     * The three counts a new run is checked against, in one statement: the user's runs holding a slot
     * ({@link Run#holdsSlot()}), the user's runs created at or after {@code since}, and the team's runs holding a slot
     * counted only up to {@code teamAtMost} (a limit
     * check needs no more, and counting stops there instead of visiting every active run of the team). Returned in
     * that order.
     */
    public long[] countForStart(Tx tx, String teamId, String requesterId, Instant since, long teamAtMost) {
        return tx.queryOne("SELECT (SELECT COUNT(*) FROM runs WHERE team_id = ? AND requester_id = ? AND "
                + HOLDS_SLOT + "), (SELECT COUNT(*) FROM runs WHERE team_id = ? AND requester_id = ? "
                + "AND created_at >= ?), (SELECT COUNT(*) FROM (SELECT 1 AS one FROM runs WHERE team_id = ? AND "
                + HOLDS_SLOT + " FETCH FIRST ? ROWS ONLY) capped)",
                rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)},
                teamId, requesterId, teamId, requesterId, since, teamId, teamAtMost).orElseThrow();
    }

    static Run map(ResultSet rs) throws SQLException {
        RunParams params = new RunParams(rs.getString("params_platform"), rs.getInt("params_hours"),
                rs.getString("params_prompt"), rs.getString("params_goal"), rs.getString("params_system_prompt"),
                rs.getString("params_name"), RunParams.presetsOf(rs.getString("params_presets")));
        return new Run(rs.getString("id"), rs.getString("team_id"), rs.getString("channel_id"),
                rs.getString("root_ts"), rs.getString("requester_id"), RunKind.valueOf(rs.getString("kind")), params,
                rs.getString("name_tag"), rs.getString("deployment_id"), rs.getString("thread_id"),
                rs.getString("sandbox_id"), rs.getString("vnc_url"), RunStatus.valueOf(rs.getString("status")),
                ComputerState.valueOf(rs.getString("computer")), rs.getString("final_answer"),
                rs.getString("failure_reason"), rs.getString("stopped_by"), rs.getString("callback_token_hash"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"), Rows.instant(rs, "ready_at"),
                Rows.instant(rs, "finished_at"), Rows.instant(rs, "computer_ended_at"), Rows.instant(rs, "expires_at"),
                Rows.instant(rs, "reminded_for"), Rows.instant(rs, "extended_to"), rate(rs),
                Rows.instant(rs, "auto_stop_at"), rs.getString("kept_by"),
                new StartTries(rs.getInt("start_requests"), rs.getString("start_answer"),
                        Rows.instant(rs, "start_answered_at"), Rows.instant(rs, "start_next_try_at")),
                rs.getLong("version"));
    }

    private static String names(List<String> names) {
        return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }
}
