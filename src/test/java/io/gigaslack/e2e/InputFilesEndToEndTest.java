package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gigaslack.giga.sim.DeploymentSnapshot;
import io.gigaslack.giga.sim.RecordedRequest;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.FakeSlack.SlackFile;
import io.gigaslack.testing.TestApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Files people give the agent from Slack, through the real endpoint, the fake Slack (serving {@code files.info} and the
 * files' bytes as Slack does) and the Giga simulator: onto the computer's Desktop before the agent starts or gets the
 * message, byte for byte, with the ones that cannot go named in the thread.
 */
class InputFilesEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CSV = "region,sales\nnorth,12\nsouth,7\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PDF = binary(70_000, 7);

    private TestApp t;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    @Test
    void a_mention_with_two_attachments_starts_a_run_whose_computer_has_both_files_on_its_desktop() throws Exception {
        t = TestApp.start(Map.of());
        t.slack.file(SlackFile.hosted("F0CSV1", "sales.csv", "text/csv", CSV))
                .file(SlackFile.hosted("F0PDF1", "report.pdf", "application/pdf", PDF));

        mention("Ev-files-1", "<@UBOT> Summarise both into summary.txt", null, "F0CSV1", "F0PDF1");
        String thread = awaitAgentFinished();

        DeploymentSnapshot d = onlyDeployment();
        assertThat(t.giga.desktopFile(d.id(), "sales.csv")).hasValueSatisfying(b -> assertThat(b).isEqualTo(CSV));
        assertThat(t.giga.desktopFile(d.id(), "report.pdf")).hasValueSatisfying(b -> assertThat(b).isEqualTo(PDF));
        assertThat(thread).contains(":paperclip: 2 files on the computer's Desktop for the agent: `sales.csv`,"
                + " `report.pdf`");
        // The simulated agent names the files it found on its Desktop when it finished.
        assertThat(thread).contains("files given to me on the Desktop: sales.csv, report.pdf");
        // The computer first, without the agent; the files stored, then put on the Desktop; then the agent.
        assertThat(t.giga.count("POST", "/api/deployments/start")).isZero();
        assertThat(t.giga.count("POST", "/api/deployments")).isEqualTo(1);
        assertThat(order("POST /api/files/record", "POST /api/files/record", "POST /api/deployments/" + d.id()
                + "/files/sync", "POST /api/sessions")).isTrue();
        JsonNode session = body(t.giga.requests("POST", "/api/sessions").get(0));
        assertThat(session.path("deploymentId").asText()).isEqualTo(d.id());
        assertThat(session.path("prompts").path("userPrompt").asText()).isEqualTo("Summarise both into summary.txt"
                + "\n\nI put 2 files for you on the Desktop:\n- /home/user/Desktop/sales.csv"
                + "\n- /home/user/Desktop/report.pdf");
        // Read from Slack with the bot token, once each; the given files are not posted back as results.
        assertThat(t.slack.downloads()).containsExactly("F0CSV1", "F0PDF1");
        assertThat(t.slack.calls("files.info")).hasSize(2);
        t.await("the output file shared", Duration.ofSeconds(10), () -> !sharedNames().isEmpty());
        t.awaitIdle();
        assertThat(sharedNames()).containsExactly("summary.txt");
    }

    @Test
    void a_follow_up_with_a_file_puts_it_on_the_desktop_before_the_message_is_sent() throws Exception {
        t = TestApp.start(Map.of());
        t.slack.file(SlackFile.hosted("F0NOTES", "notes.txt", "text/plain", CSV));
        String id = TestApp.runId(t.command("run --hours 2 Write the plan to plan.txt"));
        awaitAgentFinished();
        String root = t.rootTs("C1", id);

        mention("Ev-files-2", "<@UBOT> Add these notes to plan.txt", root, "F0NOTES");
        t.await("the follow-up sent", Duration.ofSeconds(20),
                () -> String.join("\n", t.threadTexts("C1", id)).contains("sent the agent a follow-up"));

        DeploymentSnapshot d = onlyDeployment();
        assertThat(t.giga.desktopFile(d.id(), "notes.txt")).hasValueSatisfying(b -> assertThat(b).isEqualTo(CSV));
        String threadId = d.threadId();
        assertThat(order("POST /api/files/record", "POST /api/deployments/" + d.id() + "/files/sync",
                "POST /api/sessions/" + threadId + "/runs")).isTrue();
        List<RecordedRequest> runs = t.giga.requests("POST", "/api/sessions/" + threadId + "/runs");
        assertThat(runs).hasSize(1);
        assertThat(body(runs.get(0)).path("message").asText()).isEqualTo("Add these notes to plan.txt\n\n"
                + "I put a file for you on the Desktop:\n- /home/user/Desktop/notes.txt");
        List<String> thread = t.threadTexts("C1", id);
        int placed = indexOf(thread, ":paperclip: On the computer's Desktop for the agent: `notes.txt`");
        int sent = indexOf(thread, "sent the agent a follow-up");
        assertThat(placed).as("the files named before the message").isNotNegative().isLessThan(sent);
    }

    @Test
    void a_follow_up_with_a_file_is_shown_in_the_agents_progress_then_its_answer() throws Exception {
        t = TestApp.start(Map.of());
        t.slack.file(SlackFile.hosted("F0NOTES", "notes.txt", "text/plain", CSV));
        String id = TestApp.runId(t.command("run --hours 2 Write the plan to plan.txt"));
        awaitAgentFinished();
        String root = t.rootTs("C1", id);

        mention("Ev-files-5", "<@UBOT> Add these notes to plan.txt", root, "F0NOTES");
        t.await("the follow-up and the agent's answer to it in a second progress message", Duration.ofSeconds(20),
                () -> {
                    t.app.testHooks().reconciler().cycle();
                    List<FakeSlack.Stream> streams = t.slack.streams("C1", root);
                    return streams.size() == 2 && streams.get(1).isStopped();
                });

        FakeSlack.Stream second = t.slack.streams("C1", root).get(1);
        assertThat(second.tasks().get(0).path("title").asText())
                .isEqualTo("Follow-up: \u201cAdd these notes to plan.txt\u201d");
        assertThat(second.markdown()).startsWith("**Done.** Done: saved plan.txt");
        assertThat(t.slack.violations()).isEmpty();
    }

    @Test
    void a_thread_message_with_a_file_and_no_mention_goes_to_the_agent_with_its_file() throws Exception {
        t = TestApp.start(Map.of());
        t.slack.file(SlackFile.hosted("F0NOTES", "notes.txt", "text/plain", CSV));
        String id = TestApp.runId(t.command("run --hours 2 Write the plan to plan.txt"));
        awaitAgentFinished();
        String root = t.rootTs("C1", id);

        // Slack sends a message with files as the file_share subtype of message.channels.
        String event = "{\"type\":\"message\",\"subtype\":\"file_share\",\"user\":\"U1\",\"channel\":\"C1\","
                + "\"channel_type\":\"channel\",\"text\":\"Add these notes to plan.txt\",\"ts\":\"8.8\",\"thread_ts\":\"" + root
                + "\",\"event_ts\":\"8.8\",\"files\":[" + t.slack.fileJson("F0NOTES") + "],\"upload\":false}";
        assertThat(t.event("Ev-share-1", event, Map.of()).statusCode()).isEqualTo(200);
        t.await("the follow-up sent", Duration.ofSeconds(20),
                () -> String.join("\n", t.threadTexts("C1", id)).contains("sent the agent a follow-up"));

        DeploymentSnapshot d = onlyDeployment();
        assertThat(t.giga.desktopFile(d.id(), "notes.txt")).hasValueSatisfying(b -> assertThat(b).isEqualTo(CSV));
        List<RecordedRequest> runs = t.giga.requests("POST", "/api/sessions/" + d.threadId() + "/runs");
        assertThat(runs).hasSize(1);
        assertThat(body(runs.get(0)).path("message").asText()).isEqualTo("Add these notes to plan.txt\n\n"
                + "I put a file for you on the Desktop:\n- /home/user/Desktop/notes.txt");
        assertThat(String.join("\n", t.threadTexts("C1", id))).as("the computer is kept for the agent")
                .contains("kept the computer running");
    }

    @Test
    void a_task_sent_to_the_apps_dm_with_a_file_starts_a_run_whose_agent_has_it() throws Exception {
        t = TestApp.start(Map.of());
        t.slack.file(SlackFile.hosted("F0CSV1", "sales.csv", "text/csv", CSV));
        String dm = FakeSlack.directMessage("U1");
        String event = "{\"type\":\"message\",\"subtype\":\"file_share\",\"user\":\"U1\",\"channel\":\"" + dm
                + "\",\"channel_type\":\"im\",\"text\":\"Total the sales into total.txt\",\"ts\":\"9.9\",\"event_ts\":\"9.9\","
                + "\"files\":[" + t.slack.fileJson("F0CSV1") + "],\"upload\":false}";
        assertThat(t.event("Ev-dm-file-1", event, Map.of()).statusCode()).isEqualTo(200);

        t.await("the agent started with its file", Duration.ofSeconds(30), () -> {
            t.app.testHooks().reconciler().cycle();
            return !t.giga.requests("POST", "/api/sessions").isEmpty();
        });
        DeploymentSnapshot d = onlyDeployment();
        assertThat(t.giga.desktopFile(d.id(), "sales.csv")).hasValueSatisfying(b -> assertThat(b).isEqualTo(CSV));
        assertThat(body(t.giga.requests("POST", "/api/sessions").get(0)).path("prompts").path("userPrompt").asText())
                .isEqualTo("Total the sales into total.txt\n\nI put a file for you on the Desktop:"
                        + "\n- /home/user/Desktop/sales.csv");
    }

    @Test
    void a_follow_up_whose_answer_was_lost_is_found_in_the_session_and_not_sent_twice() throws Exception {
        t = TestApp.start(Map.of());
        t.slack.file(SlackFile.hosted("F0NOTES", "notes.txt", "text/plain", CSV));
        String id = TestApp.runId(t.command("run --hours 2 Write the plan to plan.txt"));
        awaitAgentFinished();
        t.giga.faults().on("POST", "/api/sessions/.*/runs").dropAfterAction();

        mention("Ev-files-8", "<@UBOT> Add these notes to plan.txt", t.rootTs("C1", id), "F0NOTES");
        t.await("the follow-up confirmed", Duration.ofSeconds(20),
                () -> String.join("\n", t.threadTexts("C1", id)).contains("sent the agent a follow-up"));
        t.awaitIdle();

        assertThat(t.giga.countMatching("POST", "/api/sessions/.*/runs")).as("sent once").isEqualTo(1);
        assertThat(t.giga.count("GET", "/api/sessions/" + onlyDeployment().threadId()))
                .as("the session was read to find it").isPositive();
        assertThat(t.threadTexts("C1", id).stream().filter(m -> m.contains("sent the agent a follow-up"))).hasSize(1);
    }

    @Test
    void an_agent_start_whose_answer_was_lost_is_not_sent_again_and_the_thread_says_so() throws Exception {
        t = TestApp.start(Map.of());
        t.giga.faults().on("POST", "/api/sessions").dropAfterAction();
        t.slack.file(SlackFile.hosted("F0CSV1", "sales.csv", "text/csv", CSV));
        mention("Ev-files-9", "<@UBOT> Summarise it into summary.txt", null, "F0CSV1");

        t.await("the run told it failed", Duration.ofSeconds(30), () -> runId() != null
                && String.join("\n", t.threadTexts("C1", runId())).contains("Giga did not confirm that the agent got"
                        + " its task"));
        t.awaitIdle();
        assertThat(t.giga.count("POST", "/api/sessions")).as("the task was sent once").isEqualTo(1);
    }

    @Test
    void the_run_modal_file_field_hands_its_files_to_the_agent() throws Exception {
        t = TestApp.start(Map.of());
        t.slack.file(SlackFile.hosted("F0MODAL", "brief.md", "text/markdown", CSV));
        var r = t.interaction("{\"type\":\"view_submission\",\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\"},"
                + "\"api_app_id\":\"A1\",\"trigger_id\":\"1.2.3\",\"view\":{\"id\":\"V1\",\"type\":\"modal\","
                + "\"callback_id\":\"giga_run_modal\",\"private_metadata\":\"{\\\"channel\\\":\\\"C1\\\"}\","
                + "\"state\":{\"values\":{"
                + "\"run_task\":{\"task_input\":{\"type\":\"plain_text_input\",\"value\":\"Follow the brief; save out.txt\"}},"
                + "\"run_files\":{\"files_input\":{\"type\":\"file_input\",\"files\":[" + t.slack.fileJson("F0MODAL")
                + "]}},"
                + "\"run_platform\":{\"platform_input\":{\"type\":\"static_select\",\"selected_option\":{\"value\":"
                + "\"giga-standard\"}}},"
                + "\"run_hours\":{\"hours_input\":{\"type\":\"number_input\",\"value\":\"1\"}}}}}}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("errors");

        awaitAgentFinished();
        DeploymentSnapshot d = onlyDeployment();
        assertThat(t.giga.desktopFile(d.id(), "brief.md")).hasValueSatisfying(b -> assertThat(b).isEqualTo(CSV));
        assertThat(body(t.giga.requests("POST", "/api/sessions").get(0)).path("prompts").path("userPrompt").asText())
                .endsWith("I put a file for you on the Desktop:\n- /home/user/Desktop/brief.md");
    }

    @Test
    void the_run_with_giga_shortcut_gives_the_agent_the_files_of_its_message() throws Exception {
        t = TestApp.start(Map.of());
        t.slack.file(SlackFile.hosted("F0CSV1", "sales.csv", "text/csv", CSV));
        t.interaction("{\"type\":\"message_action\",\"callback_id\":\"run_with_giga\",\"trigger_id\":\"1.2.3\","
                + "\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\"},\"channel\":{\"id\":\"C1\"},"
                + "\"message\":{\"type\":\"message\",\"text\":\"Q3 numbers\",\"ts\":\"1.1\",\"files\":["
                + t.slack.fileJson("F0CSV1") + "]},\"response_url\":\"" + t.slack.responseUrl() + "\"}");
        t.await("the form opened", Duration.ofSeconds(5), () -> !t.slack.calls("views.open").isEmpty());
        JsonNode view = JSON.readTree(t.slack.calls("views.open").get(0).param("view"));
        assertThat(view.toString()).contains("The message's file goes to the agent's Desktop too: `sales.csv`");
        String metadata = view.path("private_metadata").asText();
        assertThat(metadata).contains("F0CSV1");

        t.interaction("{\"type\":\"view_submission\",\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\"},"
                + "\"api_app_id\":\"A1\",\"trigger_id\":\"1.2.3\",\"view\":{\"id\":\"V1\",\"type\":\"modal\","
                + "\"callback_id\":\"giga_run_modal\",\"private_metadata\":" + JSON.writeValueAsString(metadata) + ","
                + "\"state\":{\"values\":{"
                + "\"run_task\":{\"task_input\":{\"type\":\"plain_text_input\",\"value\":\"Chart Q3 into chart.png\"}},"
                + "\"run_files\":{\"files_input\":{\"type\":\"file_input\",\"files\":[]}},"
                + "\"run_platform\":{\"platform_input\":{\"type\":\"static_select\",\"selected_option\":{\"value\":"
                + "\"giga-standard\"}}},"
                + "\"run_hours\":{\"hours_input\":{\"type\":\"number_input\",\"value\":\"1\"}}}}}}");
        awaitAgentFinished();
        assertThat(t.giga.desktopFile(onlyDeployment().id(), "sales.csv"))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(CSV));
    }

    @Test
    void the_form_opens_without_its_file_field_when_slack_refuses_the_field() throws Exception {
        t = TestApp.start(Map.of());
        t.slack.errorNext("views.open", 1, "invalid_arguments");
        t.command("");
        t.await("the form opened at the second try", Duration.ofSeconds(5),
                () -> t.slack.calls("views.open").size() == 2);
        assertThat(t.slack.calls("views.open").get(0).param("view")).contains("file_input");
        assertThat(t.slack.calls("views.open").get(1).param("view")).doesNotContain("file_input")
                .contains("Task for the agent");
    }

    @Test
    void an_oversized_file_and_ones_slack_does_not_hand_out_are_named_in_the_thread_and_the_run_goes_on()
            throws Exception {
        t = TestApp.start(Map.of("GIGA_MAX_INPUT_FILE_MB", "1"));
        t.slack.file(SlackFile.hosted("F0BIG", "video.mp4", "video/mp4", new byte[1024 * 1024 + 1]))
                .file(SlackFile.googleDrive("F0DRIVE", "Budget 2026"))
                .file(SlackFile.canvas("F0CANVAS", "Team plan"))
                .file(SlackFile.hosted("F0OK", "sales.csv", "text/csv", CSV));

        // sales.csv arrives as a Slack Connect channel sends it: only its id, to be looked up with files.info.
        mentionWith("Ev-files-3", "<@UBOT> Compare them in summary.txt", null, List.of(t.slack.fileJson("F0BIG"),
                t.slack.fileJson("F0DRIVE"), t.slack.fileJson("F0CANVAS"), FakeSlack.fileStubJson("F0OK")));
        String thread = awaitAgentFinished();

        assertThat(thread).contains(":paperclip: On the computer's Desktop for the agent: `sales.csv`\n"
                + ":warning: Not given to the agent, which goes on without them:\n"
                + "• `video.mp4`: it is 1.1 MB, over the 1 MB limit for files given to the agent"
                + " (GIGA_MAX_INPUT_FILE_MB).\n"
                + "• `Budget 2026`: a Google Drive file: Slack holds only a link to it, which the app cannot open."
                + " Download it and attach the file itself.\n"
                + "• `Team plan`: a Slack canvas, which Slack does not hand out as a file. Download it (canvas menu"
                + " → Download) and attach that file.");
        DeploymentSnapshot d = onlyDeployment();
        assertThat(d.desktopFiles()).contains("sales.csv").doesNotContain("video.mp4", "Budget 2026", "Team plan");
        assertThat(t.giga.desktopFile(d.id(), "sales.csv")).hasValueSatisfying(b -> assertThat(b).isEqualTo(CSV));
        assertThat(t.slack.downloads()).as("only the file within the limit is downloaded").containsExactly("F0OK");
        assertThat(body(t.giga.requests("POST", "/api/sessions").get(0)).path("prompts").path("userPrompt").asText())
                .contains("- /home/user/Desktop/sales.csv\n3 more files were attached but could not be given to you:\n"
                        + "- video.mp4 (it is 1.1 MB, over the 1 MB limit");
    }

    @Test
    void a_restart_between_the_uploads_and_the_agents_start_neither_loses_nor_doubles_anything() throws Exception {
        t = TestApp.startWith(s -> { }, sim -> sim.provisionDelay(Duration.ofSeconds(4)), Map.of());
        t.slack.file(SlackFile.hosted("F0CSV1", "sales.csv", "text/csv", CSV))
                .file(SlackFile.hosted("F0PDF1", "report.pdf", "application/pdf", PDF));
        mention("Ev-files-4", "<@UBOT> Summarise both into summary.txt", null, "F0CSV1", "F0PDF1");
        t.await("both files stored while the computer starts", Duration.ofSeconds(10),
                () -> t.giga.count("POST", "/api/files/record") == 2);
        assertThat(t.giga.count("POST", "/api/sessions")).as("the agent waits for its computer").isZero();

        t.restart();
        String thread = awaitAgentFinished();

        DeploymentSnapshot d = onlyDeployment();
        assertThat(t.giga.desktopFile(d.id(), "sales.csv")).hasValueSatisfying(b -> assertThat(b).isEqualTo(CSV));
        assertThat(t.giga.desktopFile(d.id(), "report.pdf")).hasValueSatisfying(b -> assertThat(b).isEqualTo(PDF));
        assertThat(d.storedFiles().stream().filter(n -> !n.equals("summary.txt")))
                .as("stored once each").containsExactly("sales.csv", "report.pdf");
        assertThat(t.giga.count("POST", "/api/files/presign")).isEqualTo(2);
        assertThat(t.giga.count("POST", "/api/sessions")).as("the agent started once").isEqualTo(1);
        assertThat(t.giga.count("POST", "/api/deployments")).isEqualTo(1);
        assertThat(t.slack.downloads()).containsExactly("F0CSV1", "F0PDF1");
        assertThat(thread).contains(":paperclip: 2 files on the computer's Desktop");
        assertThat(t.threadTexts("C1", runId()).stream().filter(m -> m.contains(":paperclip:")))
                .as("files named once").hasSize(1);
        assertThat(t.threadTexts("C1", runId())).doesNotHaveDuplicates();
    }

    @Test
    void a_crash_in_the_middle_of_an_upload_repeats_only_the_file_in_hand() throws Exception {
        t = TestApp.startWith(s -> { }, sim -> sim.provisionDelay(Duration.ofSeconds(3)),
                Map.of("GIGA_JOB_LEASE_SECONDS", "3"));
        t.slack.file(SlackFile.hosted("F0CSV1", "sales.csv", "text/csv", CSV))
                .file(SlackFile.hosted("F0PDF1", "report.pdf", "application/pdf", PDF))
                .delayDownload("F0PDF1", 2000);
        mention("Ev-files-5", "<@UBOT> Summarise both into summary.txt", null, "F0CSV1", "F0PDF1");
        t.await("the second file on its way", Duration.ofSeconds(10),
                () -> t.slack.downloads().contains("F0PDF1") && t.giga.count("POST", "/api/files/record") == 1);

        t.app.testHooks().crash();
        t.slack.delayDownload("F0PDF1", 0);
        t.startAgain(); // takes the transfer over once the dead process's lease has run out
        awaitAgentFinished();

        DeploymentSnapshot d = onlyDeployment();
        assertThat(t.giga.desktopFile(d.id(), "report.pdf")).hasValueSatisfying(b -> assertThat(b).isEqualTo(PDF));
        assertThat(t.giga.desktopFile(d.id(), "sales.csv")).hasValueSatisfying(b -> assertThat(b).isEqualTo(CSV));
        assertThat(t.slack.downloads()).as("the first file is not fetched again")
                .containsExactly("F0CSV1", "F0PDF1", "F0PDF1");
        assertThat(t.giga.count("POST", "/api/files/record")).isEqualTo(2);
        assertThat(t.giga.count("POST", "/api/sessions")).isEqualTo(1);
    }

    @Test
    void an_upload_whose_record_answer_was_lost_is_found_in_storage_not_made_twice() throws Exception {
        t = TestApp.start(Map.of());
        t.giga.faults().on("POST", "/api/files/record").dropAfterAction();
        t.slack.file(SlackFile.hosted("F0CSV1", "sales.csv", "text/csv", CSV));
        mention("Ev-files-6", "<@UBOT> Summarise it into summary.txt", null, "F0CSV1");
        awaitAgentFinished();

        DeploymentSnapshot d = onlyDeployment();
        assertThat(t.giga.count("POST", "/api/files/record")).isEqualTo(1);
        assertThat(d.storedFiles().stream().filter(n -> n.equals("sales.csv")).count()).isEqualTo(1);
        assertThat(t.giga.desktopFile(d.id(), "sales.csv")).hasValueSatisfying(b -> assertThat(b).isEqualTo(CSV));
        assertThat(t.giga.count("POST", "/api/sessions")).isEqualTo(1);
    }

    @Test
    void a_files_bytes_and_the_bot_token_never_reach_the_logs() throws Exception {
        String secret = "CONFIDENTIAL-PAYROLL-4711";
        ch.qos.logback.classic.LoggerContext ctx =
                (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Level previous = root.getLevel();
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        var encoder = new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%level %logger %X %msg %ex%n");
        encoder.start();
        var appender = new ch.qos.logback.core.OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.setContext(ctx);
        appender.setEncoder(encoder);
        appender.setOutputStream(captured);
        appender.start();
        root.addAppender(appender);
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            t = TestApp.start(Map.of());
            t.slack.file(SlackFile.hosted("F0PAY", "payroll.txt", "text/plain",
                    (secret + "\n").repeat(50).getBytes(StandardCharsets.UTF_8)));
            mention("Ev-files-7", "<@UBOT> Total it in summary.txt", null, "F0PAY");
            awaitAgentFinished();
        } finally {
            root.detachAppender(appender);
            root.setLevel(previous);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains("input file 0 of start stored");
        assertThat(logs).doesNotContain(secret).doesNotContain(TestApp.BOT_TOKEN).doesNotContain("/files-pri/");
    }

    // ---- helpers ----

    private void mention(String eventId, String text, String threadTs, String... fileIds) {
        mentionWith(eventId, text, threadTs, java.util.Arrays.stream(fileIds).map(t.slack::fileJson).toList());
    }

    private void mentionWith(String eventId, String text, String threadTs, List<String> files) {
        String event = "{\"type\":\"app_mention\",\"user\":\"U1\",\"text\":\"" + text + "\",\"ts\":\"7.7\","
                + (threadTs == null ? "" : "\"thread_ts\":\"" + threadTs + "\",")
                + "\"channel\":\"C1\",\"event_ts\":\"7.7\",\"files\":[" + String.join(",", files) + "],"
                + "\"upload\":false}";
        assertThat(t.event(eventId, event, Map.of()).statusCode()).isEqualTo(200);
    }

    /** The only run's thread once its agent has finished, as one string. */
    private String awaitAgentFinished() {
        t.await("the agent finished", Duration.ofSeconds(30), () -> {
            t.app.testHooks().reconciler().cycle();
            String id = runId();
            return id != null && String.join("\n", t.threadTexts("C1", id)).contains("the agent finished");
        });
        return String.join("\n", t.threadTexts("C1", runId()));
    }

    private String runId() {
        List<FakeSlack.Message> roots = t.slack.rootMessages("C1");
        if (roots.isEmpty()) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(r_[a-z0-9]{12})").matcher(roots.get(0).blocks());
        return m.find() ? m.group(1) : null;
    }

    private DeploymentSnapshot onlyDeployment() {
        assertThat(t.giga.deployments()).hasSize(1);
        return t.giga.deployments().get(0);
    }

    /** The names of the files shared in the run's thread. */
    private List<String> sharedNames() {
        return t.slack.calls("files.getUploadURLExternal").stream().map(c -> c.param("filename")).toList();
    }

    /** Whether requests with these "METHOD path"s were received in this order (others may come in between). */
    private boolean order(String... expected) {
        List<String> seen = t.giga.requests().stream().map(r -> r.method() + " " + r.path())
                .collect(Collectors.toList());
        int from = 0;
        for (String e : expected) {
            int at = seen.subList(from, seen.size()).indexOf(e);
            if (at < 0) {
                return false;
            }
            from += at + 1;
        }
        return true;
    }

    private static int indexOf(List<String> thread, String text) {
        for (int i = 0; i < thread.size(); i++) {
            if (thread.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode body(RecordedRequest r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static byte[] binary(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
