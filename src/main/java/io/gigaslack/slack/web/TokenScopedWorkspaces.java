package io.gigaslack.slack.web;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateways of an app installed in many workspaces: each team's bot token is looked up for every use (one indexed
 * read that opens the bot token only; the lookup refreshes a rotating token itself), so a removed installation or a
 * new token counts at once; the gateway for that token is kept until the token changes.
 */
public final class TokenScopedWorkspaces implements SlackWorkspaces {

    /** Where a team's current bot token comes from: the installations (empty once the app was removed). */
    @FunctionalInterface
    public interface TeamTokens {
        Optional<String> botToken(String teamId);
    }

    private record Held(String token, SlackWebGateway gateway) {}

    /** Where what Slack's requests say about teams and their orgs is kept. */
    @FunctionalInterface
    public interface TeamOrgs {
        void record(String teamId, String enterpriseId);
    }

    private final SlackWebGateway base;
    private final TeamTokens tokens;
    private final TeamOrgs orgs;
    private final Map<String, Held> byTeam = new ConcurrentHashMap<>();

    /** {@code base} gives the shared SDK instances and HTTP client; its own token is never used for a team. */
    public TokenScopedWorkspaces(SlackWebGateway base, TeamTokens tokens, TeamOrgs orgs) {
        this.base = base;
        this.tokens = tokens;
        this.orgs = orgs;
    }

    @Override
    public void heardFrom(String teamId, String enterpriseId) {
        if (teamId != null && !teamId.isBlank()) {
            orgs.record(teamId, enterpriseId);
        }
    }

    @Override
    public SlackGateway team(String teamId) {
        Optional<String> token = teamId == null ? Optional.empty() : tokens.botToken(teamId);
        if (token.isEmpty()) {
            byTeam.remove(teamId == null ? "" : teamId);
            throw SlackCallException.notInstalled(teamId);
        }
        Held held = byTeam.compute(teamId, (t, h) -> h != null && h.token().equals(token.get())
                ? h : new Held(token.get(), base.withToken(token.get())));
        return held.gateway();
    }
}
