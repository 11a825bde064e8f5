package io.gigaslack.vnc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gigaslack.testing.RealDesktop;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Frames taken from a real desktop: Xvfb painted with a known grid, served by x11vnc, through websockify or
 * directly. Skipped without those programs, except on CI (see {@link RealDesktop#assumeAvailable}).
 */
class RealDesktopScreenshotTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String PASSWORD = "s3cret-pw";

    private static RealDesktop open;
    private static RealDesktop locked;
    /** One GRABBER for all tests, as the app would share one. */
    private static final FrameGrabber GRABBER = new FrameGrabber();

    @BeforeAll
    static void startDesktops() {
        RealDesktop.assumeAvailable();
        open = RealDesktop.start();
        locked = RealDesktop.start(160, 96, PASSWORD);
    }

    @AfterAll
    static void stopDesktops() {
        for (RealDesktop desktop : new RealDesktop[] {open, locked}) {
            if (desktop != null) {
                desktop.close();
            }
        }
    }

    @Test
    void grabs_the_desktop_through_websockify() throws Exception {
        Frame frame = GRABBER.grab(open.wsUrl(), TIMEOUT);

        assertShowsTheDesktop(frame, open);
    }

    @Test
    void grabs_the_desktop_directly_over_tcp() throws Exception {
        Frame frame = GRABBER.grab(URI.create("tcp://127.0.0.1:" + open.rfbPort()), TIMEOUT);

        assertShowsTheDesktop(frame, open);
    }

    @Test
    void grabs_the_desktop_through_x11vncs_own_websocket_handshake() throws Exception {
        Frame frame = GRABBER.grab(URI.create("ws://127.0.0.1:" + open.rfbPort()), TIMEOUT);

        assertShowsTheDesktop(frame, open);
    }

    @Test
    void grabs_a_password_protected_desktop_with_vnc_authentication() throws Exception {
        Frame frame = GRABBER.grab(locked.wsUrl(), PASSWORD, TIMEOUT);

        assertShowsTheDesktop(frame, locked);
    }

    @Test
    void reports_a_wrong_password_as_an_authentication_failure() {
        VncException e = assertThrows(VncException.class,
                () -> GRABBER.grab(URI.create("tcp://127.0.0.1:" + locked.rfbPort()), "not-it", TIMEOUT));

        assertThat(e.kind()).as(locked::logs).isEqualTo(VncException.Kind.AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).doesNotContain("not-it", PASSWORD);
    }

    /** The frame, and the PNG decoded from it, have the desktop's size and every pixel of its grid. */
    private static void assertShowsTheDesktop(Frame frame, RealDesktop desktop) throws IOException {
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(frame.png()));
        assertThat(png).as("PNG decodes").isNotNull();
        assertThat(List.of(frame.width(), frame.height(), png.getWidth(), png.getHeight()))
                .containsExactly(desktop.width(), desktop.height(), desktop.width(), desktop.height());
        List<String> wrong = new ArrayList<>();
        for (int y = 0; y < desktop.height(); y++) {
            for (int x = 0; x < desktop.width(); x++) {
                int expected = desktop.expectedRgb(x, y);
                int got = png.getRGB(x, y) & 0xFFFFFF;
                if (got != expected || frame.rgb(x, y) != expected) {
                    wrong.add(String.format("(%d,%d) png %06x frame %06x, expected %06x", x, y, got,
                            frame.rgb(x, y), expected));
                }
            }
        }
        assertThat(wrong).as(() -> wrong.size() + " pixels differ from the grid; desktop logs:\n" + desktop.logs())
                .isEmpty();
    }
}
