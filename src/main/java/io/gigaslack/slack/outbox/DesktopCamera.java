package io.gigaslack.slack.outbox;

import java.net.URI;
import java.time.Duration;

/** Takes one frame of a desktop from its VNC stream, as a PNG image. */
@FunctionalInterface
public interface DesktopCamera {
    /** The PNG bytes of one whole frame; throws when none could be had within {@code timeout}. */
    byte[] takePng(URI vncUrl, Duration timeout) throws Exception;
}
