package io.gigaslack.slack.install;

import com.slack.api.bolt.service.OAuthStateService;
import io.gigaslack.store.OAuthStates;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Bolt's {@link OAuthStateService} over our table ({@link OAuthStates}): random states (32 bytes from the injected
 * source), valid for {@link #TTL}, each good for one install. Beside Bolt's methods, {@link #consumeIfValid} checks and
 * uses a state up in one conditional delete: what the redirect endpoint uses, so that of two redirects with one state
 * only one can ever go on to exchange a code (Bolt's own flow checks, exchanges, and only then deletes).
 */
public final class DatabaseOAuthStateService implements OAuthStateService {
    public static final Duration TTL = Duration.ofSeconds(DEFAULT_EXPIRATION_IN_SECONDS);
    static final int STATE_BYTES = 32;

    private final OAuthStates states;
    private final Clock clock;
    private final SecureRandom random;

    DatabaseOAuthStateService(OAuthStates states, Clock clock, SecureRandom random) {
        this.states = states;
        this.clock = clock;
        this.random = random;
    }

    /** A new state, stored: for the install link and the browser's cookie. */
    String issue() {
        String state = generateNewStateValue();
        addNewStateToDatastore(state);
        return state;
    }

    /** True for the one caller that finds {@code state} issued, unexpired and unused; it is used up afterwards. */
    boolean consumeIfValid(String state) {
        return states.consume(state, clock.instant());
    }

    @Override
    public String generateNewStateValue() {
        byte[] b = new byte[STATE_BYTES];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public long getExpirationInSeconds() {
        return TTL.toSeconds();
    }

    @Override
    public void addNewStateToDatastore(String state) {
        states.issue(state, clock.instant(), TTL);
    }

    @Override
    public boolean isAvailableInDatabase(String state) {
        return states.isValid(state, clock.instant());
    }

    @Override
    public void deleteStateFromDatastore(String state) {
        states.delete(state);
    }
}
