package io.gigaslack.service;

import io.gigaslack.runs.DesktopPass;
import io.gigaslack.runs.Run;
import java.time.Clock;
import java.util.function.Supplier;

/** Makes personal desktop links: a pass signed with the app's key, in the fragment of a link to the viewer. */
public final class DesktopLinks {
    private final DesktopSettings settings;
    private final Supplier<byte[]> key;
    private final Clock clock;

    /** {@code key} gives the key that signs passes (the app keeps it in its database). */
    public DesktopLinks(DesktopSettings settings, Supplier<byte[]> key, Clock clock) {
        this.settings = settings;
        this.key = key;
        this.clock = clock;
    }

    /** A personal link and the pass in it. */
    public record Link(String url, DesktopPass pass) {}

    public Link make(Run run, String userId, DesktopPass.Mode mode) {
        if (!settings.builtInViewer()) {
            throw new IllegalStateException("the built-in desktop viewer is off");
        }
        DesktopPass pass = new DesktopPass(run.id(), userId, clock.instant().plus(settings.linkLifetime()), mode);
        // The pass goes in the fragment: browsers never send it to a server, so no log or proxy sees it.
        return new Link(settings.viewerBaseUrl() + "/desktop/" + run.id() + "#" + pass.sign(key.get()), pass);
    }
}
