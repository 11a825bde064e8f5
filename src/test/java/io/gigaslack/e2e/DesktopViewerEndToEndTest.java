package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.runs.DesktopPass;
import io.gigaslack.slack.render.ActionIds;
import io.gigaslack.testing.HeadlessChromium;
import io.gigaslack.testing.RealDesktop;
import io.gigaslack.testing.TestApp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The built-in desktop viewer for real: a run on the simulator whose {@code vncUrl} is a real desktop (Xvfb, x11vnc,
 * websockify) with a known picture, "Open desktop" pressed the way Slack sends the click, the personal link opened in
 * a real headless Chromium, and the desktop's pixels looked for in Chromium's screenshot; then the links that must be
 * refused. noVNC is served by the app from Debian's novnc package (the CDN is out of reach here).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DesktopViewerEndToEndTest {
    private static final String NOVNC_DIR = "/usr/share/novnc";
    private static final Pattern LINK = Pattern.compile("\"url\":\"(http[^\"]+/desktop/(r_[a-z0-9]+)#([^\"]+))\"");

    private RealDesktop desktop;
    private TestApp t;
    private HeadlessChromium browser;
    private String runId;

    @BeforeAll
    void start() {
        if (!RealDesktop.available() || !HeadlessChromium.available()
                || !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(NOVNC_DIR, "core", "rfb.js"))) {
            return; // each test says why it is skipped (or fails, in CI)
        }
        desktop = RealDesktop.start(640, 400, null);
        t = TestApp.startWith(slack -> slack.channelMembers("C1", "U1", "U2"),
                sim -> sim.desktopStream(desktop.wsUrl().toString()),
                Map.of("DESKTOP_VIEWER_URL", "", "DESKTOP_VIEWER_NOVNC_DIR", NOVNC_DIR, "GIGA_SCREENSHOTS", "false"));
        browser = HeadlessChromium.start(1000, 700);
        runId = TestApp.runId(t.command("desktop"));
        t.await("desktop ready", Duration.ofSeconds(20), () -> t.threadTexts("C1", runId).stream()
                .anyMatch(m -> m.contains(ActionIds.RUN_OPEN_DESKTOP)));
    }

    @BeforeEach
    void needsTheParts() {
        RealDesktop.assumeAvailable();
        HeadlessChromium.assumeAvailable();
        if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(NOVNC_DIR, "core", "rfb.js"))) {
            String why = "Desktop viewer test skipped: Debian's novnc package is missing (apt-get install novnc)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, why);
        }
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {browser, t, desktop}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    @Test
    void the_requester_opens_a_personal_link_and_sees_the_desktops_pixels_with_control() throws Exception {
        String link = pressOpenDesktop("U1");

        open(link);
        assertThat(browser.waitUntil("document.body.dataset.state === 'connected'", Duration.ofSeconds(20)))
                .as("connected; page: %s; console: %s", pageState(), browser.consoleLog()).isTrue();
        assertThat(browser.lastResponse().header("Cache-Control")).isEqualTo("no-store");
        assertThat(browser.lastResponse().header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(browser.evaluate("document.getElementById('mode').textContent").asText()).isEqualTo("You have control");
        // A one-hour desktop: the time left is the hour asked for, not the sandbox's 15 minutes the app extends.
        assertThat(browser.evaluate("document.getElementById('left').textContent").asText())
                .matches("(59 min|1 h 0 min) left");
        assertThat(browser.evaluate("location.href").asText()).as("the pass left the address bar").doesNotContain("#");
        // noVNC draws the frame a moment after connecting: wait until the canvas shows the desktop's colours.
        assertThat(browser.waitUntil(canvasShows(desktop.expectedRgb(5, 5)), Duration.ofSeconds(10))).isTrue();

        byte[] png = browser.screenshotPng();
        // Kept for a person to look at what the page shows.
        java.nio.file.Files.write(java.nio.file.Path.of("target", "desktop-viewer.png"), png);
        BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png));
        double[] rect = canvasRect();
        int matching = 0;
        int sampled = 0;
        for (int y = 4; y < desktop.height(); y += RealDesktop.GRID_Y * 5) {
            for (int x = 4; x < desktop.width(); x += RealDesktop.GRID_X * 3) {
                if (x % RealDesktop.GRID_X < 3 || y % RealDesktop.GRID_Y < 3) {
                    continue; // next to a grid line, where scaling blends the colours
                }
                int px = (int) Math.round(rect[0] + (x + 0.5) * rect[2] / desktop.width());
                int py = (int) Math.round(rect[1] + (y + 0.5) * rect[3] / desktop.height());
                sampled++;
                if (close(shot.getRGB(px, py) & 0xFFFFFF, desktop.expectedRgb(x, y))) {
                    matching++;
                }
            }
        }
        assertThat(sampled).isGreaterThan(10);
        assertThat(matching).as("pixels of the desktop on the page (of %d sampled)", sampled).isEqualTo(sampled);
    }

    @Test
    void another_member_of_the_channel_gets_a_view_only_session() {
        open(pressOpenDesktop("U2"));
        assertThat(browser.waitUntil("document.body.dataset.state === 'connected'", Duration.ofSeconds(20)))
                .as("connected; page: %s; console: %s", pageState(), browser.consoleLog()).isTrue();
        assertThat(browser.evaluate("document.getElementById('mode').textContent").asText()).isEqualTo("View only");
    }

    @Test
    void someone_outside_the_channel_gets_no_link() {
        int before = t.slack.responses().size();
        t.button(ActionIds.RUN_OPEN_DESKTOP, "U9", "C1", runId);
        t.await("an answer", Duration.ofSeconds(10), () -> t.slack.responses().size() > before);
        String answer = t.slack.responses().get(t.slack.responses().size() - 1);
        assertThat(answer).contains("can watch its desktop").doesNotContain("/desktop/");
    }

    @Test
    void rejects_expired_viewer_link() throws Exception {
        String token = new DesktopPass(runId, "U1", Instant.now().minusSeconds(5), DesktopPass.Mode.CONTROL)
                .sign(desktopKey());
        assertRefused(t.baseUrl() + "/desktop/" + runId + "#" + token, "This link has expired");
    }

    @Test
    void rejects_altered_viewer_link() {
        String link = pressOpenDesktop("U2");
        Matcher m = LINK.matcher("\"url\":\"" + link + "\"");
        assertThat(m.find()).isTrue();
        String token = m.group(3);
        // Turn the view-only pass into a control one by rewriting its body: the signature no longer fits.
        String body = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(body.replace("|v", "|c").getBytes())
                + token.substring(token.indexOf('.'));
        assertRefused(t.baseUrl() + "/desktop/" + runId + "#" + forged, "This link is not valid");
    }

    @Test
    void rejects_a_link_made_for_another_run() throws Exception {
        String token = new DesktopPass("r_someotherrun1", "U1", Instant.now().plusSeconds(300), DesktopPass.Mode.CONTROL)
                .sign(desktopKey());
        assertRefused(t.baseUrl() + "/desktop/" + runId + "#" + token, "This link is not valid");
    }

    @Test
    void rejects_a_link_without_a_pass() {
        assertRefused(t.baseUrl() + "/desktop/" + runId, "This link is not valid");
    }

    @Test
    void rejects_a_link_to_a_computer_that_has_stopped() throws Exception {
        String other = TestApp.runId(t.command("desktop"));
        t.await("second desktop ready", Duration.ofSeconds(20), () -> t.threadTexts("C1", other).stream()
                .anyMatch(m -> m.contains(ActionIds.RUN_OPEN_DESKTOP)));
        String token = new DesktopPass(other, "U1", Instant.now().plusSeconds(300), DesktopPass.Mode.CONTROL)
                .sign(desktopKey());
        t.command("stop " + other);
        t.await("stopped", Duration.ofSeconds(20),
                () -> t.command("status " + other).body().toLowerCase().contains("stopped"));
        assertRefused(t.baseUrl() + "/desktop/" + other + "#" + token, "The computer is not running any more");
    }

    // ---- helpers ----

    /** Presses "Open desktop" as {@code user} and returns the personal link Slack was asked to show them. */
    private String pressOpenDesktop(String user) {
        int before = t.slack.responses().size();
        t.button(ActionIds.RUN_OPEN_DESKTOP, user, "C1", runId);
        t.await("the personal link", Duration.ofSeconds(10), () -> t.slack.responses().size() > before
                && LINK.matcher(t.slack.responses().get(t.slack.responses().size() - 1)).find());
        Matcher m = LINK.matcher(t.slack.responses().get(t.slack.responses().size() - 1));
        assertThat(m.find()).isTrue();
        assertThat(m.group(2)).isEqualTo(runId);
        return m.group(1);
    }

    /** Opens a link as a fresh page (a link that differs only in its fragment would otherwise not load again). */
    private void open(String url) {
        browser.navigate("about:blank");
        browser.navigate(url);
    }

    private void assertRefused(String url, String title) {
        open(url);
        assertThat(browser.waitUntil("document.body.dataset.state === 'refused'", Duration.ofSeconds(10)))
                .as("refused; page: %s; console: %s", pageState(), browser.consoleLog()).isTrue();
        assertThat(browser.evaluate("document.getElementById('title').textContent").asText()).isEqualTo(title);
        // Kept for a person to look at what a refused link shows.
        try {
            java.nio.file.Files.write(java.nio.file.Path.of("target", "desktop-viewer-refused.png"), browser.screenshotPng());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String html = browser.evaluate("document.documentElement.outerHTML").asText();
        assertThat(html).doesNotContain(desktop.wsUrl().toString()).doesNotContain("ws://");
        assertThat(browser.evaluate("document.querySelector('canvas') === null").asBoolean())
                .as("no VNC connection was made").isTrue();
    }

    /** What the page says, for a failing assertion's message. */
    private String pageState() {
        return browser.evaluate("document.body.dataset.state + ' | ' + document.getElementById('title').textContent"
                + " + ' | ' + document.getElementById('text').textContent").asText();
    }

    /** The key the app signs passes with, as kept in its database. */
    private byte[] desktopKey() throws Exception {
        pressOpenDesktop("U1"); // the app makes its key when it first signs a link
        try (Connection c = DriverManager.getConnection(t.databaseUrl, "", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT key_value FROM app_keys WHERE name = 'desktop_links'")) {
            assertThat(rs.next()).isTrue();
            return Base64.getDecoder().decode(rs.getString(1));
        }
    }

    /** The canvas noVNC draws into, in page pixels: left, top, width, height. */
    private double[] canvasRect() {
        var r = browser.evaluate("(() => { const b = document.querySelector('#screen canvas').getBoundingClientRect();"
                + " return [b.left, b.top, b.width, b.height]; })()");
        return new double[] {r.get(0).asDouble(), r.get(1).asDouble(), r.get(2).asDouble(), r.get(3).asDouble()};
    }

    /** A page expression: true once the canvas's pixel near its top left has {@code rgb}. */
    private static String canvasShows(int rgb) {
        return "(() => { const c = document.querySelector('#screen canvas'); if (!c || !c.width) return false;"
                + " const d = c.getContext('2d').getImageData(5, 5, 1, 1).data;"
                + " return Math.abs(d[0] - " + ((rgb >> 16) & 0xFF) + ") < 16 && Math.abs(d[1] - " + ((rgb >> 8) & 0xFF)
                + ") < 16 && Math.abs(d[2] - " + (rgb & 0xFF) + ") < 16; })()";
    }

    private static boolean close(int a, int b) {
        return Math.abs(((a >> 16) & 0xFF) - ((b >> 16) & 0xFF)) < 24 && Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF)) < 24
                && Math.abs((a & 0xFF) - (b & 0xFF)) < 24;
    }
}
