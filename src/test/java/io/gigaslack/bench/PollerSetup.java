package io.gigaslack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gigaslack.giga.sim.GigaSimulator;
import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunParams;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.store.Database;
import io.gigaslack.store.RunRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Puts N active agent runs in place for the poller measurement without spending the app's Giga
 * budget: deployments are started directly at the simulator, and matching runs (running, with
 * deployment and session ids) are written to the app's database, as if the app had started them.
 */
final class PollerSetup implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final GigaSimulator sim;
    private final Database database;
    private final RunRepository runs;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private int count;

    PollerSetup(GigaSimulator sim, String databaseUrl) {
        this.sim = sim;
        this.database = Database.open(databaseUrl, "", "", 2);
        this.runs = new RunRepository(database.jdbc());
    }

    void grow(int n) throws Exception {
        while (count < n) {
            int i = count++;
            String tag = "gs-poll" + String.format("%05d", i);
            String body = JSON.createObjectNode().put("name", "poll " + i + " [" + tag + "]")
                    .put("platform", "giga-standard").put("duration", 1)
                    .set("prompts", JSON.createObjectNode().put("userPrompt", "poll").put("goalPrompt", "done"))
                    .toString();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/api/deployments/start"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + sim.apiKey()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("simulator refused a start: " + r.statusCode() + " " + r.body());
            }
            JsonNode data = JSON.readTree(r.body()).path("data");
            Instant now = Instant.now();
            Run run = Run.requested("r_poll" + String.format("%05d", i), "T1", "CP", "UP", RunKind.AGENT,
                    new RunParams("giga-standard", 1, "poll", "done", "", ""), tag, null, now).toBuilder()
                    .deploymentId(data.path("deployment").path("id").asText())
                    .threadId(data.path("session").path("threadId").asText())
                    .sandboxId(data.path("session").path("sandboxId").asText(null))
                    .rootTs("1700000000." + String.format("%06d", i))
                    .status(RunStatus.RUNNING).computer(ComputerState.RUNNING).readyAt(now)
                    .build();
            runs.insert(run);
        }
    }

    /** Unfinished jobs of a kind (e.g. "extend"), for counting what a cycle queued. */
    long unfinishedJobs(String kind) {
        return database.jdbc().queryLong("SELECT COUNT(*) FROM jobs WHERE kind = ? AND done = FALSE", kind);
    }

    @Override
    public void close() {
        database.close();
    }
}
