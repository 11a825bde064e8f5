package io.gigaslack.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.AppUninstalledEvent;
import com.slack.api.model.event.TokensRevokedEvent;
import io.gigaslack.service.WorkspaceDeparture;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code app_uninstalled}, and {@code tokens_revoked} when it names the bot: the app has left the workspace (or, for an
 * org-wide install, the org). Handled once per delivery; the work is recorded and done by jobs, so the acknowledgement
 * does not wait for Giga. Revoked user tokens alone change nothing: the app acts with its bot token only.
 */
final class DepartureListener {
    private static final Logger log = LoggerFactory.getLogger(DepartureListener.class);

    private final Supplier<WorkspaceDeparture> departure;
    private final DeliveryLog deliveries;

    DepartureListener(Supplier<WorkspaceDeparture> departure, DeliveryLog deliveries) {
        this.departure = departure;
        this.deliveries = deliveries;
    }

    BoltEventHandler<AppUninstalledEvent> uninstalled() {
        return (EventsApiPayload<AppUninstalledEvent> req, EventContext ctx) -> {
            deliveries.once(req.getEventId(), () -> left(ctx));
            return ctx.ack();
        };
    }

    BoltEventHandler<TokensRevokedEvent> revoked() {
        return (EventsApiPayload<TokensRevokedEvent> req, EventContext ctx) -> {
            TokensRevokedEvent.Tokens tokens = req.getEvent().getTokens();
            List<String> bots = tokens == null || tokens.getBot() == null ? List.of() : tokens.getBot();
            if (bots.isEmpty()) {
                log.info("user tokens revoked in {}: nothing to do, the app uses its bot token", ctx.getTeamId());
                return ctx.ack();
            }
            deliveries.once(req.getEventId(), () -> left(ctx));
            return ctx.ack();
        };
    }

    private void left(EventContext ctx) {
        WorkspaceDeparture d = departure.get();
        if (d != null) {
            d.uninstalled(ctx.getTeamId(), ctx.getEnterpriseId(), ctx.isEnterpriseInstall());
        }
    }
}
