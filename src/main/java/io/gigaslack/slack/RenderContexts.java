package io.gigaslack.slack;

import io.gigaslack.service.DesktopSettings;
import io.gigaslack.service.RunSettings;
import io.gigaslack.slack.render.RenderContext;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

/** The render context of the configured runs at a moment: what every renderer needs beside the run. */
public final class RenderContexts implements Function<Instant, RenderContext> {
    private final RunSettings settings;
    private final DesktopSettings desktop;
    private final Clock clock;

    public RenderContexts(RunSettings settings, Clock clock) {
        this(settings, DesktopSettings.OFF, clock);
    }

    public RenderContexts(RunSettings settings, DesktopSettings desktop, Clock clock) {
        this.settings = settings;
        this.desktop = desktop;
        this.clock = clock;
    }

    @Override
    public RenderContext apply(Instant now) {
        return RenderContext.of(now, settings.platforms().values(), settings.desktopViewerUrl(), settings.autoStop())
                .withDesktop(desktop.builtInViewer(), desktop.screenshots());
    }

    /** The context now. */
    public RenderContext now() {
        return apply(clock.instant());
    }
}
