package io.gigaslack.app;

import io.gigaslack.slack.outbox.DesktopCamera;
import io.gigaslack.vnc.FrameGrabber;
import java.net.URI;
import java.time.Duration;

/** The outbox's camera, made of the app's own RFB client: one frame over the desktop's VNC stream, as PNG. */
final class VncCamera implements DesktopCamera {
    private final FrameGrabber grabber = new FrameGrabber();

    @Override
    public byte[] takePng(URI vncUrl, Duration timeout) throws Exception {
        return grabber.grab(vncUrl, timeout).png();
    }
}
