package io.gigaslack.service;

import io.gigaslack.runs.Decision;
import io.gigaslack.store.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Each workspace's own Giga account, when the app is installed in many: whether a workspace has connected one, an
 * admin connecting a key (checked with Giga before it is kept, kept encrypted, never shown again but for its last four
 * characters) or disconnecting it, and the refusal a run gets until a key is there. With one workspace the operator's
 * {@code GIGA_API_KEY} serves everyone and nothing here is asked ({@link #NOT_REQUIRED}).
 */
public final class GigaConnections {

    /** A connected key as shown to admins: never the key itself. */
    public record Connected(String accountId, String last4, String connectedBy, Instant connectedAt) {}

    /** Where keys are kept, by account (a team id, or the org's id for an org-wide install). */
    public interface KeyStore {
        Optional<Connected> find(String accountId);

        /** Keeps {@code apiKey} (encrypted) for {@code accountId}, replacing any earlier key. */
        void save(String accountId, String apiKey, String connectedBy, Instant at);

        /** Removes the key; true when there was one. */
        boolean delete(String accountId);
    }

    /** What Giga says of a key, asked before it is kept ({@code GET /api/billing} with it). */
    public sealed interface Check permits Accepted, Refused, Unanswered {}

    /** Giga accepted the key. */
    public record Accepted() implements Check {}

    /** Giga refused the key (401/403): {@code reason} in words for the form. */
    public record Refused(String reason) implements Check {}

    /** Giga could not be asked or did not answer in time: nothing is kept; try again. */
    public record Unanswered(String reason) implements Check {}

    /** Asks Giga about a key, within a bound short enough for a form's 3 seconds. */
    @FunctionalInterface
    public interface KeyCheck {
        Check check(String accountId, String apiKey);
    }

    /** Which account a team's runs use: its own, or its org's when the app is installed org-wide. */
    @FunctionalInterface
    public interface AccountOf {
        String accountOf(String teamId);
    }

    /** The outcome of a connect or disconnect, in words for the person who asked. */
    public record Outcome(boolean done, String text) {}

    /** One workspace, one operator-given key: every workspace counts as connected. */
    public static final GigaConnections NOT_REQUIRED = new GigaConnections(null, null, null, null, null, null);

    private static final int SHORTEST_KEY = 8;
    private static final int LONGEST_KEY = 512;

    private final KeyStore keys;
    private final KeyCheck check;
    private final AccountOf accounts;
    private final AuditLog audit;
    private final Directory directory;
    private final Clock clock;

    public GigaConnections(KeyStore keys, KeyCheck check, AccountOf accounts, AuditLog audit, Directory directory,
            Clock clock) {
        this.keys = keys;
        this.check = check;
        this.accounts = accounts;
        this.audit = audit;
        this.directory = directory;
        this.clock = clock;
    }

    /** Whether workspaces bring their own key (the app is installed in many). */
    public boolean required() {
        return keys != null;
    }

    /** The key {@code teamId}'s runs use, as admins may see it; empty when there is none (or none is needed). */
    public Optional<Connected> status(String teamId) {
        return required() ? keys.find(accounts.accountOf(teamId)) : Optional.empty();
    }

    /**
     * Whether {@code userId} may start a run in {@code teamId} as far as Giga's account goes: refused, with what to
     * do, until the workspace has connected one (admins are told how; others whom to ask).
     */
    public Decision mayRun(String teamId, String userId) {
        if (!required() || status(teamId).isPresent()) {
            return Decision.allowed();
        }
        if (isAdmin(teamId, userId)) {
            return Decision.refused(Decision.Reason.NO_GIGA_ACCOUNT, "This workspace has not connected a Giga account"
                    + " yet, so nothing can run. Open the app's *Home* tab and press *Connect Giga* to add your"
                    + " Giga API key (you find it in Giga's dashboard).");
        }
        return Decision.refused(Decision.Reason.NO_GIGA_ACCOUNT, "This workspace has not connected a Giga account"
                + " yet, so nothing can run. Ask a workspace admin or owner to connect one in the app's *Home* tab.");
    }

    /** Whether {@code userId} may connect or disconnect the workspace's key: its admins and owners. */
    public boolean mayManage(String teamId, String userId) {
        return required() && isAdmin(teamId, userId);
    }

    /**
     * Connects {@code apiKey} for {@code teamId}'s account, if {@code userId} may and Giga accepts it; an earlier key
     * is replaced. Audited without the key.
     */
    public Outcome connect(String teamId, String userId, String apiKey) {
        if (!mayManage(teamId, userId)) {
            return new Outcome(false, "Only workspace admins and owners can connect a Giga account.");
        }
        String key = apiKey == null ? "" : apiKey.strip();
        if (key.length() < SHORTEST_KEY || key.length() > LONGEST_KEY
                || key.chars().anyMatch(Character::isWhitespace)) {
            return new Outcome(false,
                    "That does not look like a Giga API key: paste the whole key, with nothing else.");
        }
        String account = accounts.accountOf(teamId);
        Check answer = check.check(account, key);
        if (answer instanceof Refused r) {
            return new Outcome(false, "Giga did not accept that key (" + r.reason() + "). Check it in Giga's"
                    + " dashboard and paste it again.");
        }
        if (answer instanceof Unanswered u) {
            return new Outcome(false, "Giga could not be asked whether the key is good (" + u.reason() + "). Nothing"
                    + " was saved; try again in a minute.");
        }
        Instant now = clock.instant();
        boolean replaced = keys.find(account).isPresent();
        keys.save(account, key, userId, now);
        audit.record(teamId, userId, replaced ? "giga_key_replaced" : "giga_key_connected", null,
                "account " + account + ", key ending in " + lastFour(key), now);
        return new Outcome(true, "Giga account connected (key ending in " + lastFour(key) + ").");
    }

    /** Disconnects the workspace's key: runs cannot start until one is connected again. Audited. */
    public Outcome disconnect(String teamId, String userId) {
        if (!mayManage(teamId, userId)) {
            return new Outcome(false, "Only workspace admins and owners can disconnect the Giga account.");
        }
        String account = accounts.accountOf(teamId);
        Optional<Connected> was = keys.find(account);
        if (!keys.delete(account)) {
            return new Outcome(false, "No Giga account is connected.");
        }
        audit.record(teamId, userId, "giga_key_disconnected", null, "account " + account + ", key ending in "
                + was.map(Connected::last4).orElse("?"), clock.instant());
        return new Outcome(true, "Giga account disconnected. Runs cannot start until a key is connected again.");
    }

    /** The last four characters, all an admin ever sees of a key again. */
    public static String lastFour(String key) {
        Objects.requireNonNull(key, "key");
        return key.length() <= 4 ? key : key.substring(key.length() - 4);
    }

    private boolean isAdmin(String teamId, String userId) {
        return userId != null && directory.isWorkspaceAdmin(teamId, userId);
    }
}
