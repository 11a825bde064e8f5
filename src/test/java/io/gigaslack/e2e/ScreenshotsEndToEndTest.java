package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gigaslack.slack.render.ActionIds;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.RealDesktop;
import io.gigaslack.testing.TestApp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Screenshots in the thread, taken by the app's own RFB client from a real VNC server (Xvfb, x11vnc, websockify) that
 * the simulator names as every sandbox's desktop: when the desktop is ready, when the agent finishes (each exactly
 * once, also across a restart between the two), and on demand, at most one a minute.
 */
class ScreenshotsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RealDesktop desktop;
    private TestApp t;

    @BeforeEach
    void desktop() {
        RealDesktop.assumeAvailable();
        desktop = RealDesktop.start();
    }

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
        if (desktop != null) {
            desktop.close();
        }
    }

    @Test
    void the_thread_gets_the_desktop_ready_and_the_finished_screenshot_once_each() throws Exception {
        t = start(Duration.ofMillis(1500), Map.of());
        String id = TestApp.runId(t.command("run Save the pricing to pricing.txt"));
        t.await("two screenshots", Duration.ofSeconds(30), () -> screenshots(id).size() >= 2);
        t.awaitIdle();

        List<String> titles = screenshots(id);
        assertThat(titles).hasSize(2);
        assertThat(titles.get(0)).startsWith("The desktop when it became ready");
        assertThat(titles.get(1)).startsWith("The desktop when the agent finished");
        for (String fileId : screenshotIds(id)) {
            assertShowsTheDesktop(t.slack.uploads().get(fileId));
        }
    }

    @Test
    void a_restart_between_the_two_screenshots_neither_loses_nor_repeats_one() throws Exception {
        t = start(Duration.ofSeconds(6), Map.of());
        String id = TestApp.runId(t.command("run Take your time"));
        t.await("the desktop-ready screenshot", Duration.ofSeconds(30), () -> screenshots(id).size() == 1);
        t.restart();
        t.await("the finished screenshot", Duration.ofSeconds(40), () -> screenshots(id).size() >= 2);
        t.awaitIdle();
        assertThat(screenshots(id)).hasSize(2);
        assertThat(screenshots(id).get(1)).startsWith("The desktop when the agent finished");
    }

    @Test
    void screenshot_on_demand_at_most_once_a_minute() throws Exception {
        t = start(Duration.ofSeconds(60), Map.of());
        String id = TestApp.runId(t.command("run Keep working"));
        t.await("the desktop-ready screenshot", Duration.ofSeconds(30), () -> screenshots(id).size() == 1);

        t.button(ActionIds.RUN_SCREENSHOT, "U1", "C1", id);
        t.await("the screenshot asked for", Duration.ofSeconds(30), () -> screenshots(id).size() == 2);
        assertThat(screenshots(id).get(1)).startsWith("The desktop at ");

        int answers = t.slack.responses().size();
        t.button(ActionIds.RUN_SCREENSHOT, "U1", "C1", id);
        t.await("the refusal", Duration.ofSeconds(10), () -> t.slack.responses().size() > answers);
        assertThat(t.slack.responses().get(answers)).contains("less than a minute ago");
        t.awaitIdle();
        assertThat(screenshots(id)).hasSize(2);
    }

    @Test
    void screenshots_off_means_none_and_no_button() throws Exception {
        t = start(Duration.ofMillis(800), Map.of("GIGA_SCREENSHOTS", "false"));
        String id = TestApp.runId(t.command("run Nothing to see"));
        t.await("finished", Duration.ofSeconds(30), () -> t.threadTexts("C1", id).stream()
                .anyMatch(m -> m.contains("finished") || m.contains("Finished")));
        t.awaitIdle();
        assertThat(screenshots(id)).isEmpty();
        assertThat(String.join("\n", t.threadTexts("C1", id))).doesNotContain(ActionIds.RUN_SCREENSHOT);
    }

    @Test
    void a_desktop_that_cannot_be_reached_is_skipped_and_the_outcome_still_arrives() throws Exception {
        desktop.close();
        t = start(Duration.ofMillis(800), Map.of());
        String id = TestApp.runId(t.command("run Unreachable desktop"));
        t.await("the outcome", Duration.ofSeconds(30), () -> t.threadTexts("C1", id).stream()
                .anyMatch(m -> m.contains("Done") || m.contains("finished")));
        t.awaitIdle();
        assertThat(screenshots(id)).isEmpty();
    }

    private TestApp start(Duration agent, Map<String, String> env) {
        return TestApp.startWith(slack -> { }, sim -> sim.desktopStream(desktop.wsUrl().toString()).agentDuration(agent),
                env);
    }

    /** The titles of the screenshots shared in the run's thread, in order. */
    private List<String> screenshots(String runId) {
        List<String> titles = new ArrayList<>();
        for (JsonNode f : screenshotFiles(runId)) {
            titles.add(f.path("title").asText());
        }
        return titles;
    }

    private List<String> screenshotIds(String runId) {
        List<String> ids = new ArrayList<>();
        for (JsonNode f : screenshotFiles(runId)) {
            ids.add(f.path("id").asText());
        }
        return ids;
    }

    private List<JsonNode> screenshotFiles(String runId) {
        String root = t.rootTs("C1", runId);
        List<JsonNode> out = new ArrayList<>();
        if (root == null) {
            return out;
        }
        for (FakeSlack.Call c : t.slack.calls("files.completeUploadExternal")) {
            if (!root.equals(c.param("thread_ts"))) {
                continue;
            }
            try {
                for (JsonNode f : JSON.readTree(c.param("files"))) {
                    if (f.path("title").asText().startsWith("The desktop")) {
                        out.add(f);
                    }
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    private void assertShowsTheDesktop(byte[] png) throws Exception {
        assertThat(png).as("uploaded bytes").isNotNull();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("a readable PNG").isNotNull();
        assertThat(image.getWidth()).isEqualTo(desktop.width());
        assertThat(image.getHeight()).isEqualTo(desktop.height());
        for (int y = 0; y < desktop.height(); y += 7) {
            for (int x = 0; x < desktop.width(); x += 5) {
                assertThat(image.getRGB(x, y) & 0xFFFFFF).as("pixel (%d, %d)", x, y).isEqualTo(desktop.expectedRgb(x, y));
            }
        }
    }
}
