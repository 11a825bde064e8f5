package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.giga.sim.DefaultAgent;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Output files: those within GIGA_MAX_FILE_MB are uploaded into the thread, larger ones announced. */
class OutputFilesEndToEndTest {

    @Test
    void files_over_the_size_limit_are_announced_and_the_others_uploaded() {
        byte[] big = new byte[2 * 1024 * 1024 + 1];
        try (TestApp t = TestApp.startWith(s -> { },
                sim -> sim.agent(new DefaultAgent().withAnswer("Saved both files").withExtraFile("video.bin", big)),
                Map.of("GIGA_MAX_FILE_MB", "2"))) {
            t.command("run Save the table to table.csv");
            t.await("the small file uploaded and the big one announced", Duration.ofSeconds(30), () -> {
                t.app.testHooks().reconciler().cycle();
                return t.slack.uploads().size() == 1 && thread(t).stream().anyMatch(m -> m.contains("video.bin"));
            });
            String all = String.join("\n", thread(t));
            assertThat(all).contains("Saved both files").contains("table.csv");
            assertThat(t.slack.calls("files.completeUploadExternal")).hasSize(1);
            assertThat(t.slack.calls("files.completeUploadExternal").get(0).params().toString()).contains("table.csv")
                    .doesNotContain("video.bin");
        }
    }

    private static List<String> thread(TestApp t) {
        List<FakeSlack.Message> roots = t.slack.rootMessages("C1");
        return roots.isEmpty() ? List.of() : t.slack.thread("C1", roots.get(0).ts()).stream()
                .map(m -> m.text() + " " + m.blocks()).toList();
    }
}
