package io.gigaslack.slack.install;

import com.slack.api.bolt.model.Bot;
import com.slack.api.bolt.model.Installer;
import com.slack.api.bolt.model.builtin.DefaultBot;
import com.slack.api.bolt.model.builtin.DefaultInstaller;
import com.slack.api.bolt.service.InstallationService;
import io.gigaslack.store.SlackInstallation;
import io.gigaslack.store.SlackInstallations;
import io.gigaslack.store.WorkspaceSecrets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Bolt's {@link InstallationService} over our own tables ({@link SlackInstallations}; Bolt ships file and Amazon S3
 * stores only), with Bolt's rules for Enterprise Grid: an org-wide install is found by its enterprise id for any
 * workspace of the org, and before a workspace's own install.
 *
 * <p>One installation is kept per workspace, the latest (no historical data). The bot Bolt is handed carries a token
 * usable now ({@link InstalledBotTokens} refreshes an expiring one, safely across replicas) and no refresh token, so
 * that Bolt's own token rotator, which every replica would run at the same moment with the same single-use refresh
 * token, never starts.
 */
public final class DatabaseInstallationService implements InstallationService {
    private final SlackInstallations installations;
    private final InstalledBotTokens tokens;
    private final WorkspaceSecrets secrets;
    private final Clock clock;
    private final String installUrl;

    DatabaseInstallationService(SlackInstallations installations, InstalledBotTokens tokens, WorkspaceSecrets secrets,
            Clock clock, String installUrl) {
        this.installations = installations;
        this.tokens = tokens;
        this.secrets = secrets;
        this.clock = clock;
        this.installUrl = installUrl;
    }

    @Override
    public boolean isHistoricalDataEnabled() {
        return false;
    }

    @Override
    public void setHistoricalDataEnabled(boolean enabled) {
        if (enabled) {
            // By design, not unfinished: one row per workspace, replaced on reinstall (README, "What is stored").
            // Bolt never turns it on by itself; this refuses a caller that would expect old installations kept.
            throw new UnsupportedOperationException("only the latest installation of each workspace is kept");
        }
    }

    @Override
    public void saveInstallerAndBot(Installer i) {
        installations.save(installation(i, clock.instant()));
    }

    @Override
    public void saveBot(Bot bot) {
        Instant now = clock.instant();
        SlackInstallation stored = installations.byWorkspace(workspaceOf(bot.getEnterpriseId(), bot.getTeamId(),
                Boolean.TRUE.equals(bot.getIsEnterpriseInstall()))).orElseThrow(() -> new IllegalStateException(
                "no installation to save the bot of"));
        String refresh = bot.getBotRefreshToken() != null ? bot.getBotRefreshToken() : stored.bot().refreshToken();
        installations.save(stored.withBot(new SlackInstallation.Token(bot.getBotAccessToken(), refresh,
                millis(bot.getBotTokenExpiresAt())), now));
    }

    @Override
    public void deleteBot(Bot bot) {
        String w = workspaceOf(bot.getEnterpriseId(), bot.getTeamId(), Boolean.TRUE.equals(bot.getIsEnterpriseInstall()));
        installations.delete(w);
    }

    @Override
    public void deleteInstaller(Installer installer) {
        String w = workspaceOf(installer.getEnterpriseId(), installer.getTeamId(),
                Boolean.TRUE.equals(installer.getIsEnterpriseInstall()));
        installations.byWorkspace(w).filter(i -> installer.getInstallerUserId() != null
                && installer.getInstallerUserId().equals(i.installerUserId())).ifPresent(i -> installations.save(
                new SlackInstallation(i.workspaceId(), i.enterpriseId(), i.enterpriseName(), i.teamId(), i.teamName(),
                        i.enterpriseInstall(), i.appId(), i.botUserId(), i.botId(), i.botScopes(), i.bot(), null,
                        null, null, i.installedAt(), clock.instant())));
    }

    @Override
    public Bot findBot(String enterpriseId, String teamId) {
        return tokens.installation(enterpriseId, teamId).map(DatabaseInstallationService::bot).orElse(null);
    }

    @Override
    public Installer findInstaller(String enterpriseId, String teamId, String userId) {
        Optional<SlackInstallation> found = tokens.installation(enterpriseId, teamId);
        if (found.isEmpty() || userId == null || !userId.equals(found.get().installerUserId())) {
            return null;
        }
        SlackInstallation i = found.get();
        DefaultInstaller.DefaultInstallerBuilder b = DefaultInstaller.builder()
                .appId(i.appId())
                .enterpriseId(i.enterpriseId())
                .enterpriseName(i.enterpriseName())
                .teamId(i.teamId())
                .teamName(i.teamName())
                .isEnterpriseInstall(i.enterpriseInstall())
                .tokenType("bot")
                .botId(i.botId())
                .botUserId(i.botUserId())
                .botScope(i.botScopes())
                .scope(i.botScopes())
                .botAccessToken(i.bot().value())
                .botTokenExpiresAt(epochMillis(i.bot().expiresAt()))
                .installerUserId(i.installerUserId())
                .installerUserScope(i.installerUserScopes())
                .installedAt(epochMillis(i.installedAt()));
        if (i.installerUser() != null) {
            b.installerUserAccessToken(i.installerUser().value())
                    .installerUserTokenExpiresAt(epochMillis(i.installerUser().expiresAt()));
        }
        return b.build();
    }

    @Override
    public String getInstallationGuideText(String enterpriseId, String teamId, String userId) {
        return "Giga is not installed in this workspace (or was uninstalled). A workspace admin can install it at "
                + installUrl;
    }

    /** Deletes the installation serving the workspace, and its Giga key, at once (the app was uninstalled). */
    @Override
    public void deleteAll(String enterpriseId, String teamId) {
        installations.workspaceOf(enterpriseId, teamId).ifPresent(secrets::deleteAll);
    }

    /** Bolt's installer, as {@code oauth.v2.access} answered, as our row. */
    static SlackInstallation installation(Installer i, Instant now) {
        if (i.getBotAccessToken() == null) {
            throw new IllegalArgumentException("the installation has no bot token (the app asked for no bot scopes)");
        }
        boolean org = Boolean.TRUE.equals(i.getIsEnterpriseInstall());
        String w = workspaceOf(i.getEnterpriseId(), i.getTeamId(), org);
        String enterpriseName = i instanceof DefaultInstaller d ? d.getEnterpriseName() : null;
        String teamName = i instanceof DefaultInstaller d ? d.getTeamName() : null;
        SlackInstallation.Token user = i.getInstallerUserAccessToken() == null ? null : new SlackInstallation.Token(
                i.getInstallerUserAccessToken(), i.getInstallerUserRefreshToken(),
                millis(i.getInstallerUserTokenExpiresAt()));
        Instant installedAt = i.getInstalledAt() == null ? now : Instant.ofEpochMilli(i.getInstalledAt());
        return new SlackInstallation(w, i.getEnterpriseId(), enterpriseName, org ? null : i.getTeamId(), teamName, org,
                i.getAppId(), i.getBotUserId(), i.getBotId(), i.getBotScope(),
                new SlackInstallation.Token(i.getBotAccessToken(), i.getBotRefreshToken(),
                        millis(i.getBotTokenExpiresAt())),
                i.getInstallerUserId(), i.getInstallerUserScope(), user, installedAt, now);
    }

    private static Bot bot(SlackInstallation i) {
        DefaultBot b = new DefaultBot();
        b.setAppId(i.appId());
        b.setEnterpriseId(i.enterpriseId());
        b.setEnterpriseName(i.enterpriseName());
        b.setTeamId(i.teamId());
        b.setTeamName(i.teamName());
        b.setIsEnterpriseInstall(i.enterpriseInstall());
        b.setTokenType("bot");
        b.setBotId(i.botId());
        b.setBotUserId(i.botUserId());
        b.setBotScope(i.botScopes());
        b.setScope(i.botScopes());
        b.setBotAccessToken(i.bot().value());
        // No refresh token: the rotation is ours (see the class comment).
        b.setBotTokenExpiresAt(epochMillis(i.bot().expiresAt()));
        b.setInstalledAt(epochMillis(i.installedAt()));
        return b;
    }

    private static String workspaceOf(String enterpriseId, String teamId, boolean org) {
        return SlackInstallation.workspaceIdOf(enterpriseId, teamId, org);
    }

    private static Instant millis(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
    }

    private static Long epochMillis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }
}
