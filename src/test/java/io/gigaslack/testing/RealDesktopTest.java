package io.gigaslack.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The fixture itself: what {@link RealDesktop#assumeAvailable} decides, and that close leaves nothing behind. */
class RealDesktopTest {

    @Test
    void skips_naming_the_missing_programs_outside_ci() {
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> RealDesktop.requirePrograms(List.of("x11vnc", "websockify"), null));

        assertThat(skipped.getMessage()).startsWith(RealDesktop.SKIPPED).contains("x11vnc, websockify");
    }

    @Test
    void fails_instead_of_skipping_when_ci_is_true() {
        AssertionFailedError failed = assertThrows(AssertionFailedError.class,
                () -> RealDesktop.requirePrograms(List.of("Xvfb"), "true"));

        assertThat(failed.getMessage()).contains(RealDesktop.SKIPPED, "Xvfb", "CI=true");
    }

    @Test
    void does_nothing_when_every_program_is_there() {
        RealDesktop.requirePrograms(List.of(), "true");
    }

    @Test
    void close_stops_every_process_and_frees_the_display_and_ports() throws Exception {
        RealDesktop.assumeAvailable();
        RealDesktop desktop = RealDesktop.start();
        int display = desktop.display();
        int rfbPort = desktop.rfbPort();
        int wsPort = desktop.wsUrl().getPort();

        desktop.close();

        assertThat(Path.of("/tmp", ".X" + display + "-lock")).doesNotExist();
        assertThat(Path.of("/tmp", ".X11-unix", "X" + display)).doesNotExist();
        assertThat(accepts(rfbPort)).as("x11vnc's port accepts").isFalse();
        assertThat(accepts(wsPort)).as("websockify's port accepts").isFalse();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
