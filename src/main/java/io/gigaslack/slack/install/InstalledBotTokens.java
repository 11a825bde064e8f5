package io.gigaslack.slack.install;

import com.slack.api.methods.response.oauth.OAuthV2AccessResponse;
import io.gigaslack.store.SlackInstallation;
import io.gigaslack.store.SlackInstallations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distributed mode's {@link BotTokens}: each workspace's installation from the database, its bot token refreshed
 * first when token rotation is on and it expires within {@link #REFRESH_BEFORE}.
 *
 * <p>Safe across replicas. Slack's refresh tokens are single use (each refresh returns the next one), so only one
 * replica may refresh a token: it claims the refresh on the row for {@code claimFor}, asks Slack, and stores the new
 * token only over the token it started from. A replica that finds the refresh claimed by another keeps using the token
 * it has, which Slack accepts until it expires (it is refreshed minutes before that), and reads the new one next time;
 * only when its token has expired already does it wait, briefly, for the other's. A refresh that fails leaves the
 * token as it was and the claim released, so the next request tries again.
 */
public final class InstalledBotTokens implements BotTokens {
    private static final Logger log = LoggerFactory.getLogger(InstalledBotTokens.class);
    /** Rotated tokens last 12 hours; one is refreshed in its last minutes. */
    public static final Duration REFRESH_BEFORE = Duration.ofMinutes(10);
    /**
     * How long a replica waits for another's refresh when its own token has expired already (rare: refreshes start
     * minutes before expiry); short, as a request waiting here must still be acknowledged within Slack's 3 seconds.
     */
    static final Duration WAIT_FOR_OTHER = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 50;

    private final SlackInstallations installations;
    private final SlackOAuthClient oauth;
    private final Clock clock;
    private final Duration claimFor;

    /** {@code claimFor}: longer than a Slack call may take (the Web API timeout). */
    InstalledBotTokens(SlackInstallations installations, SlackOAuthClient oauth, Clock clock, Duration claimFor) {
        this.installations = installations;
        this.oauth = oauth;
        this.clock = clock;
        this.claimFor = claimFor;
    }

    @Override
    public Optional<String> botToken(String enterpriseId, String teamId) {
        // Every Slack call asks: only the bot token is opened, and the whole row is read only to refresh it.
        Optional<SlackInstallations.BotToken> token = installations.botToken(enterpriseId, teamId);
        if (token.isEmpty() || !token.get().expiresWithin(REFRESH_BEFORE, clock.instant())) {
            return token.map(SlackInstallations.BotToken::value);
        }
        return installation(enterpriseId, teamId).map(i -> i.bot().value());
    }

    /** The installation serving the workspace, with a bot token Slack accepts now (refreshed if it was expiring). */
    public Optional<SlackInstallation> installation(String enterpriseId, String teamId) {
        return installations.find(enterpriseId, teamId).map(this::usable);
    }

    private SlackInstallation usable(SlackInstallation i) {
        Instant now = clock.instant();
        if (!i.bot().expiresWithin(REFRESH_BEFORE, now)) {
            return i;
        }
        Instant expiresAt = i.bot().expiresAt();
        if (installations.claimBotRefresh(i.workspaceId(), expiresAt, now, now.plus(claimFor))) {
            return refresh(i);
        }
        if (i.bot().validAt(now)) {
            return i; // another replica is refreshing it; this one is still good meanwhile
        }
        return awaitOthersRefresh(i);
    }

    private SlackInstallation refresh(SlackInstallation i) {
        String w = i.workspaceId();
        Instant previous = i.bot().expiresAt();
        OAuthV2AccessResponse r;
        try {
            r = oauth.refresh(i.bot().refreshToken());
        } catch (SlackOAuthClient.OAuthCallException e) {
            installations.releaseBotRefresh(w, previous);
            log.warn("could not refresh the bot token of workspace {}: {}; using the one it has", w, e.getMessage());
            return i;
        }
        if (!r.isOk() || r.getAccessToken() == null || r.getExpiresIn() == null) {
            installations.releaseBotRefresh(w, previous);
            log.warn("Slack refused to refresh the bot token of workspace {} ({}); using the one it has", w,
                    r.isOk() ? "no token in its answer" : r.getError());
            return i;
        }
        Instant now = clock.instant();
        SlackInstallation.Token fresh = new SlackInstallation.Token(r.getAccessToken(),
                r.getRefreshToken() != null ? r.getRefreshToken() : i.bot().refreshToken(),
                now.plusSeconds(r.getExpiresIn()));
        if (installations.storeRefreshedBot(w, previous, fresh, now)) {
            log.info("refreshed the bot token of workspace {} (now valid until {})", w, fresh.expiresAt());
            return i.withBot(fresh, now);
        }
        // The row holds another token by now (the workspace reinstalled the app meanwhile): that one counts.
        log.info("the bot token of workspace {} changed while it was refreshed; using the stored one", w);
        return installations.byWorkspace(w).orElse(i.withBot(fresh, now));
    }

    private SlackInstallation awaitOthersRefresh(SlackInstallation i) {
        long end = System.nanoTime() + WAIT_FOR_OTHER.toNanos();
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return i;
            }
            Optional<SlackInstallation> now = installations.byWorkspace(i.workspaceId());
            if (now.isEmpty()) {
                return i;
            }
            if (!java.util.Objects.equals(now.get().bot().expiresAt(), i.bot().expiresAt())) {
                return now.get();
            }
            // The other replica's claim ran out without a new token: try once ourselves.
            Instant t = clock.instant();
            if (installations.claimBotRefresh(i.workspaceId(), i.bot().expiresAt(), t, t.plus(claimFor))) {
                return refresh(now.get());
            }
        }
        log.warn("the bot token of workspace {} has expired and another replica's refresh did not finish within {}",
                i.workspaceId(), WAIT_FOR_OTHER);
        return i;
    }
}
