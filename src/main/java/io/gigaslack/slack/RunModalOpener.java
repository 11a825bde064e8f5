package io.gigaslack.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.service.RunService;
import io.gigaslack.service.RunSettings;
import io.gigaslack.slack.render.RunModal;
import io.gigaslack.slack.web.SlackGateway;
import java.util.ArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the run modal. {@code views.open} needs the trigger id, which expires 3 seconds after the click, so it is
 * called right after the acknowledgement on an in-memory pool (losing it in a crash loses nothing: the trigger would
 * have expired anyway).
 */
final class RunModalOpener {
    private static final Logger log = LoggerFactory.getLogger(RunModalOpener.class);

    private final SlackGateway slack;
    private final RunService service;
    private final Executor pool;

    RunModalOpener(SlackGateway slack, RunService service, Executor pool) {
        this.slack = slack;
        this.service = service;
        this.pool = pool;
    }

    void open(String triggerId, String channel, RunModal.Prefill prefill) {
        RunSettings settings = service.settings();
        ObjectNode view = RunModal.view(new ArrayList<>(settings.platforms().values()),
                new RunModal.Defaults(settings.defaultPlatform(), settings.defaultHours(), settings.defaultGoal()),
                new RunModal.Metadata(channel, null), prefill);
        pool.execute(() -> {
            try {
                slack.openView(triggerId, view);
            } catch (RuntimeException e) {
                log.warn("could not open the run modal: {}", e.getMessage());
            }
        });
    }
}
