package io.gigaslack.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.bolt.response.Response;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.service.RunService;
import io.gigaslack.slack.command.RunOptions;
import io.gigaslack.slack.command.SlackText;
import io.gigaslack.slack.render.Responses;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Small pure helpers the listeners share: acknowledgements with a body, and the words for common answers. */
final class Replies {
    private Replies() {}

    /** An acknowledgement that carries a message (shown to the one person who asked). */
    static Response json(ObjectNode body) {
        return Response.builder().statusCode(200).contentType(Response.CONTENT_TYPE_APPLICATION_JSON_UTF8)
                .body(body.toString()).build();
    }

    /** The acknowledgement of a start: where the card will be, or the refusal in plain words. */
    static ObjectNode started(RunService.Started started) {
        if (started.refused()) {
            return Responses.simple(started.refusal().text());
        }
        Run run = started.run();
        int hours = run.params().hours();
        return Responses.simple(":rocket: Starting `" + run.id() + "` on " + run.params().platform() + " for "
                + hours + (hours == 1 ? " hour" : " hours") + ". Its status card will appear in this channel.");
    }

    static Response unknownRun(String id, String usage) {
        return json(Responses.badInput("No run `" + SlackText.escape(id) + "` in this workspace. `/giga list` shows"
                + " your runs.", usage));
    }

    /** A start request from parsed command options. */
    static RunService.StartRequest startRequest(String team, String channel, String user,
            RunKind kind, RunOptions o, String prompt, String responseUrl) {
        return new RunService.StartRequest(team, channel, user, kind, prompt, o.platform(), o.hours(), o.goal(),
                o.systemPrompt(), o.name(), responseUrl);
    }

    /** Modal errors are plain text: drop Slack markup from a refusal written for a message. */
    static String plain(String text) {
        String t = text.replaceAll("<@([A-Z0-9]+)(\\|[^>]*)?>", "@$1").replaceAll("[*`]", "")
                .replaceAll("(?<![A-Za-z0-9])_([^_\\s][^_]*)_(?![A-Za-z0-9])", "$1")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return t.length() > 150 ? t.substring(0, 149) + "…" : t;
    }

    /** A field of a form-encoded body, decoded; {@code "{}"} when absent. */
    static String formField(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return "{}";
    }
}
