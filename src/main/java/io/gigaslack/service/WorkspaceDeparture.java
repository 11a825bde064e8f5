package io.gigaslack.service;

import io.gigaslack.store.AuditLog;
import io.gigaslack.store.Jdbc;
import io.gigaslack.store.SlackTeams;
import io.gigaslack.store.WorkspaceData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app leaving a workspace ({@code app_uninstalled}, or its bot token revoked): the workspace's Slack tokens are
 * deleted at once; a job stops the computers of its runs still going (with the workspace's Giga key, while it is
 * there), ends their tracking and then deletes that key; everything else the app kept of the workspace (runs, audit,
 * usage) is deleted {@code GIGA_RETENTION_DAYS} later, unless the app is installed there again first.
 */
public final class WorkspaceDeparture {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceDeparture.class);

    /** The installation being removed: its Giga account, and its bot and user tokens. */
    public interface SlackSecrets {
        /** The Giga account of the installation (read before its tokens go); empty with one workspace. */
        Optional<String> account(String enterpriseId, String teamId, boolean orgWide);

        /** Deletes the installation's tokens (an org-wide one by its enterprise id). */
        void forget(String enterpriseId, String teamId, boolean orgWide);

        /** Nothing stored: one workspace, whose token and Giga key the operator set. */
        SlackSecrets NONE = new SlackSecrets() {
            @Override
            public Optional<String> account(String enterpriseId, String teamId, boolean orgWide) {
                return Optional.empty();
            }

            @Override
            public void forget(String enterpriseId, String teamId, boolean orgWide) {
                // nothing stored
            }
        };
    }

    private final Jdbc jdbc;
    private final SlackTeams teams;
    private final WorkspaceData data;
    private final JobWriter jobs;
    private final AuditLog audit;
    private final SlackSecrets secrets;
    private final Clock clock;
    private final Runnable nudge;

    public WorkspaceDeparture(Jdbc jdbc, SlackTeams teams, WorkspaceData data, JobWriter jobs, AuditLog audit,
            SlackSecrets secrets, Clock clock, Runnable nudge) {
        this.jdbc = jdbc;
        this.teams = teams;
        this.data = data;
        this.jobs = jobs;
        this.audit = audit;
        this.secrets = secrets;
        this.clock = clock;
        this.nudge = nudge;
    }

    /**
     * The app was removed from {@code teamId} (or, {@code orgWide}, from every team of {@code enterpriseId}). Safe to
     * call again for the same removal (Slack retries deliveries).
     */
    public void uninstalled(String teamId, String enterpriseId, boolean orgWide) {
        String account = secrets.account(enterpriseId, teamId, orgWide).orElse(null);
        secrets.forget(enterpriseId, teamId, orgWide);
        Set<String> left = new LinkedHashSet<>();
        if (teamId != null && !teamId.isBlank()) {
            left.add(teamId);
        }
        if (orgWide && enterpriseId != null) {
            left.addAll(teams.teamsOf(enterpriseId));
        }
        Instant now = clock.instant();
        jdbc.useTransaction(tx -> {
            for (String team : left) {
                teams.left(tx, team, enterpriseId, now);
                audit.record(tx, team, null, "app_uninstalled", null, orgWide ? "org-wide, " + enterpriseId : null,
                        now);
                jobs.add(tx, null, new RunJob.LeaveWorkspace(team, account));
            }
        });
        log.info("the app was removed from {} team(s) ({}): tokens deleted, their computers are being stopped",
                left.size(), orgWide ? "org " + enterpriseId : teamId);
        nudge.run();
    }

    /** Deletes the data of workspaces left more than {@code retention} ago; returns how many workspaces. */
    public int purgeOlderThan(Duration retention) {
        int purged = 0;
        for (String team : teams.leftBefore(clock.instant().minus(retention))) {
            int runs = data.purge(team);
            log.info("deleted the data of team {} ({} runs), {} days after the app was removed", team, runs,
                    retention.toDays());
            purged++;
        }
        return purged;
    }
}
