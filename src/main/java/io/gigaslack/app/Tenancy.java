package io.gigaslack.app;

import io.gigaslack.gigawork.ConnectedKey;
import io.gigaslack.gigawork.GigaKeySource;
import io.gigaslack.service.Directory;
import io.gigaslack.service.GigaConnections;
import io.gigaslack.service.WorkspaceDeparture;
import io.gigaslack.slack.install.Distribution;
import io.gigaslack.slack.web.SlackWebGateway;
import io.gigaslack.slack.web.SlackWorkspaces;
import io.gigaslack.slack.web.TokenScopedWorkspaces;
import io.gigaslack.store.AuditLog;
import io.gigaslack.store.GigaKeys;
import io.gigaslack.store.SlackInstallations;
import io.gigaslack.store.SlackTeams;
import io.gigaslack.store.WorkspaceSecrets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who the app serves, in one place: one workspace ({@code SLACK_BOT_TOKEN} and {@code GIGA_API_KEY}, as the operator
 * set them) or every workspace that installed it (each with its bot token from its installation and its own Giga key,
 * connected by its admins). Everything else is written once for both: it asks these for a team's gateway, a team's
 * Giga key, and what to forget when the app leaves a workspace.
 */
final class Tenancy {
    private final SlackTeams teams;
    /** Null with one workspace. */
    private final Distribution distribution;
    private final SlackInstallations installations;
    private final GigaKeys keys;
    private final WorkspaceSecrets secrets;
    private final String singleGigaKey;
    private final Clock clock;

    private Tenancy(SlackTeams teams, Distribution distribution, SlackInstallations installations, GigaKeys keys,
            WorkspaceSecrets secrets, String singleGigaKey, Clock clock) {
        this.teams = teams;
        this.distribution = distribution;
        this.installations = installations;
        this.keys = keys;
        this.secrets = secrets;
        this.singleGigaKey = singleGigaKey;
        this.clock = clock;
    }

    /** One workspace: the operator's bot token and Giga key. */
    static Tenancy single(SlackTeams teams, String gigaKey, Clock clock) {
        return new Tenancy(teams, null, null, null, null, gigaKey, clock);
    }

    /** Every workspace that installed the app. */
    static Tenancy distributed(SlackTeams teams, Distribution distribution, SlackInstallations installations,
            GigaKeys keys, WorkspaceSecrets secrets, Clock clock) {
        return new Tenancy(teams, distribution, installations, keys, secrets, null, clock);
    }

    boolean distributed() {
        return distribution != null;
    }

    /** Each team's Slack gateway: {@code base} itself with one workspace, else one holding that team's bot token. */
    SlackWorkspaces slack(SlackWebGateway base) {
        if (!distributed()) {
            return SlackWorkspaces.single(base);
        }
        return new TokenScopedWorkspaces(base,
                team -> isOrg(team) ? distribution.botTokens().botToken(team, null)
                        : distribution.botTokens().botToken(teams.enterpriseOf(team).orElse(null), team),
                (team, org) -> teams.record(team, org, clock.instant()));
    }

    /** The workspace (installation) a team's runs belong to: the team, or its org for an org-wide install. */
    Optional<String> workspaceOf(String teamId) {
        if (!distributed()) {
            return Optional.of(ConnectedKeyNames.SINGLE);
        }
        if (isOrg(teamId)) {
            return installations.workspaceOf(teamId, null);
        }
        return installations.workspaceOf(teams.enterpriseOf(teamId).orElse(null), teamId);
    }

    /** Each team's Giga key: the operator's with one workspace, else its workspace's connected one. */
    GigaKeySource gigaKeys() {
        if (!distributed()) {
            return GigaKeySource.single(singleGigaKey);
        }
        return new GigaKeySource() {
            @Override
            public Optional<ConnectedKey> keyFor(String teamId) {
                // A team (or org) the app just left has no installation any more, but keeps its key until its
                // computers were stopped: then the id is the account itself.
                String ws = workspaceOf(teamId).orElse(teamId);
                return keys.apiKey(ws).map(k -> new ConnectedKey(ws, k));
            }

            @Override
            public List<ConnectedKey> all() {
                List<ConnectedKey> out = new ArrayList<>();
                for (String ws : installations.workspaces()) {
                    keys.apiKey(ws).ifPresent(k -> out.add(new ConnectedKey(ws, k)));
                }
                return out;
            }
        };
    }

    /** The workspaces' own Giga accounts: required when distributed, nothing to do with one workspace. */
    GigaConnections connections(GigaConnections.KeyCheck check, AuditLog audit, Directory directory) {
        if (!distributed()) {
            return GigaConnections.NOT_REQUIRED;
        }
        GigaConnections.KeyStore store = new GigaConnections.KeyStore() {
            @Override
            public Optional<GigaConnections.Connected> find(String accountId) {
                return keys.find(accountId).map(a -> new GigaConnections.Connected(a.workspaceId(), a.keyLast4(),
                        a.connectedBy(), a.connectedAt()));
            }

            @Override
            public void save(String accountId, String apiKey, String connectedBy, Instant at) {
                keys.connect(accountId, apiKey, connectedBy, at);
            }

            @Override
            public boolean delete(String accountId) {
                return keys.disconnect(accountId);
            }
        };
        // A team nobody installed for has no account: its own id, which holds no key.
        return new GigaConnections(store, check, team -> workspaceOf(team).orElse(team), audit, directory, clock);
    }

    /** What leaving a workspace deletes at once: its installation's tokens (its Giga key goes after the stops). */
    WorkspaceDeparture.SlackSecrets slackSecrets() {
        if (!distributed()) {
            return WorkspaceDeparture.SlackSecrets.NONE;
        }
        return new WorkspaceDeparture.SlackSecrets() {
            @Override
            public Optional<String> account(String enterpriseId, String teamId, boolean orgWide) {
                return orgWide && enterpriseId != null ? Optional.of(enterpriseId)
                        : installations.workspaceOf(enterpriseId, teamId);
            }

            @Override
            public void forget(String enterpriseId, String teamId, boolean orgWide) {
                account(enterpriseId, teamId, orgWide).ifPresent(installations::delete);
            }
        };
    }

    /** Forgets a Giga account's key (the app left its workspace and stopped its computers), and what is left of it. */
    void forgetGigaKey(String accountId) {
        if (distributed() && accountId != null) {
            secrets.deleteAll(accountId);
        }
    }

    /** An Enterprise Grid org's id (an org-wide install's account), not a team's. */
    private static boolean isOrg(String id) {
        return id != null && id.startsWith("E");
    }

    /** The account name with one workspace (the balance row it always had). */
    private static final class ConnectedKeyNames {
        static final String SINGLE = GigaKeySource.SINGLE_ACCOUNT;
    }
}
