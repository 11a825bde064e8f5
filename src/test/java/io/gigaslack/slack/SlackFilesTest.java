package io.gigaslack.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gigaslack.service.InputFileSource;
import io.gigaslack.slack.web.SlackFileInfo;
import io.gigaslack.slack.web.SlackWebGateway;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.FakeSlack.SlackFile;
import io.gigaslack.testing.TestApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the app makes of the files Slack describes (which it hands out as bytes, and why not the others), and their
 * download with the bot token against the fake Slack: bounded, streamed to a file, the token only for Slack's hosts.
 */
class SlackFilesTest {
    private static final OkHttpClient HTTP = new OkHttpClient();
    private final FakeSlack fake = new FakeSlack();
    private final SlackFiles files = new SlackFiles(new SlackWebGateway(fake.apiUrl(), TestApp.BOT_TOKEN, HTTP));

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        fake.close();
    }

    private static SlackFileInfo info(String mode, boolean external, String externalType, String filetype,
            String mimetype, String download) {
        return new SlackFileInfo("F1", "thing", "thing", mimetype, filetype, "Thing", mode, external, externalType,
                10, download);
    }

    @Test
    void an_uploaded_file_is_downloadable_with_its_name_type_and_size() {
        var d = SlackFiles.classify(info("hosted", false, "", "csv", "text/csv", "https://files.slack.com/x"));
        assertThat(d).isEqualTo(new InputFileSource.Downloadable("thing", "text/csv", 10, "https://files.slack.com/x"));
        assertThat(d.toString()).as("the download address is not for logs").doesNotContain("files.slack.com");
    }

    @Test
    void a_google_drive_file_is_only_a_link() {
        assertThat(SlackFiles.classify(info("external", true, "gdrive", "gsheet", "application/vnd.google-apps", null)))
                .isEqualTo(new InputFileSource.NotDownloadable("thing", "a Google Drive file: Slack holds only a link"
                        + " to it, which the app cannot open. Download it and attach the file itself"));
        assertThat(((InputFileSource.NotDownloadable) SlackFiles.classify(info("external", true, "app", "remote",
                "application/vnd.slack-remote", null))).reason()).startsWith("a link to a file kept outside Slack:");
    }

    @Test
    void a_canvas_is_not_handed_out_as_a_file_even_with_a_download_address() {
        assertThat(SlackFiles.classify(info("canvas", false, "", "quip", "application/vnd.slack-docs",
                "https://files.slack.com/canvas"))).isInstanceOf(InputFileSource.NotDownloadable.class)
                .extracting(d -> ((InputFileSource.NotDownloadable) d).reason()).asString()
                .startsWith("a Slack canvas");
    }

    @Test
    void deleted_files_files_hidden_by_the_storage_limit_and_files_without_a_download_are_refused() {
        assertThat(((InputFileSource.NotDownloadable) SlackFiles.classify(info("tombstone", false, "", "", "", null)))
                .reason()).isEqualTo("it was deleted from Slack");
        assertThat(((InputFileSource.NotDownloadable) SlackFiles.classify(info("hidden_by_limit", false, "", "", "",
                null))).reason()).isEqualTo("Slack hides it behind the workspace's file storage limit");
        assertThat(((InputFileSource.NotDownloadable) SlackFiles.classify(info("snippet", false, "", "text",
                "text/plain", null))).reason()).isEqualTo("Slack offers no download of a Thing");
    }

    @Test
    void an_unknown_file_is_unavailable_for_good() {
        assertThatThrownBy(() -> files.describe("T1", "F0NOPE")).isInstanceOf(InputFileSource.Unavailable.class)
                .hasMessage("Slack no longer has it (it was deleted, or the app cannot see it)")
                .matches(e -> !((InputFileSource.Unavailable) e).retryable());
    }

    @Test
    void the_bytes_are_streamed_into_the_target_file_with_the_bot_token() throws Exception {
        byte[] bytes = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        fake.file(SlackFile.hosted("F0CSV", "t.csv", "text/csv", bytes));
        var d = (InputFileSource.Downloadable) files.describe("T1", "F0CSV");
        Path target = dir.resolve("t.part");

        assertThat(files.download("T1", d, 1024, target)).isEqualTo(bytes.length);
        assertThat(Files.readAllBytes(target)).isEqualTo(bytes);
        assertThat(fake.downloads()).containsExactly("F0CSV");
    }

    @Test
    void a_file_over_the_limit_stops_the_download() {
        fake.file(SlackFile.hosted("F0BIG", "big.bin", "application/octet-stream", new byte[5000]));
        var d = (InputFileSource.Downloadable) files.describe("T1", "F0BIG");
        // Slack's own size is not trusted: the bound holds while the bytes are read.
        var lying = new InputFileSource.Downloadable(d.name(), d.mimeType(), 10, d.location());

        assertThatThrownBy(() -> files.download("T1", lying, 4999, dir.resolve("big.part")))
                .isInstanceOf(InputFileSource.TooLarge.class);
    }

    @Test
    void the_bot_token_goes_to_slacks_hosts_only() throws Exception {
        try (var other = new FakeSlack()) {
            other.file(SlackFile.hosted("F0X", "x.txt", "text/plain", new byte[3]));
            // Another host (here another port): the token would leave Slack.
            String elsewhere = other.fileJson("F0X").replaceAll(".*\"url_private_download\":\"([^\"]+)\".*", "$1")
                    .replace("127.0.0.1", "localhost");
            var d = new InputFileSource.Downloadable("x.txt", "text/plain", 3, elsewhere);

            assertThatThrownBy(() -> files.download("T1", d, 100, dir.resolve("x.part")))
                    .isInstanceOf(InputFileSource.Unavailable.class)
                    .hasMessage("Slack gave a download address outside Slack, which the app does not follow");
            assertThat(other.downloads()).isEmpty();
        }
    }

    @Test
    void a_sign_in_page_instead_of_the_file_says_the_scope_is_missing() {
        fake.file(SlackFile.hosted("F0CSV", "t.csv", "text/csv", new byte[4]));
        var d = (InputFileSource.Downloadable) files.describe("T1", "F0CSV");
        var withoutToken = new SlackFiles(new SlackWebGateway(fake.apiUrl(), "xoxb-another-token", HTTP));

        assertThatThrownBy(() -> withoutToken.download("T1", d, 100, dir.resolve("t.part")))
                .isInstanceOf(InputFileSource.Unavailable.class)
                .hasMessage("Slack sent its sign-in page instead of the file: the app needs the files:read scope (add it"
                        + " under OAuth & Permissions and reinstall the app)");
    }
}
