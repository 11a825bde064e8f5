package io.gigaslack.slack.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatAppendStreamResponse;
import com.slack.api.methods.response.chat.ChatStartStreamResponse;
import com.slack.api.methods.response.chat.ChatStopStreamResponse;
import java.io.IOException;
import okhttp3.FormBody;

/**
 * The one place where the app sends Slack what the SDK's request classes cannot carry. The streaming methods of SDK
 * 1.51.0 ({@code ChatStartStreamRequest} and the others) take only {@code markdown_text}, not the {@code chunks}
 * (task updates, markdown text) that show an agent's steps, so these three go through the SDK's raw form call with
 * its own response types. When a later SDK carries {@code chunks}, its typed requests replace this class.
 */
final class StreamCalls {
    private final MethodsClient methods;
    private final String token;

    StreamCalls(MethodsClient methods, String token) {
        this.methods = methods;
        this.token = token;
    }

    /** {@code chat.startStream} in a thread, for one person, beginning with {@code chunks} (none when empty). */
    ChatStartStreamResponse start(String channel, String threadTs, String recipientUserId, String recipientTeamId,
            ArrayNode chunks) throws IOException, SlackApiException {
        return methods.postFormWithTokenAndParseResponse(form -> {
            FormBody.Builder f = optional(optional(form.add("channel", channel).add("thread_ts", threadTs),
                    "recipient_user_id", recipientUserId), "recipient_team_id", recipientTeamId);
            return chunks.isEmpty() ? f : f.add("chunks", chunks.toString());
        }, "chat.startStream", token, ChatStartStreamResponse.class);
    }

    /** {@code chat.appendStream} of {@code chunks} to the stream {@code ts}. */
    ChatAppendStreamResponse append(String channel, String ts, ArrayNode chunks)
            throws IOException, SlackApiException {
        return methods.postFormWithTokenAndParseResponse(form -> form.add("channel", channel).add("ts", ts)
                .add("chunks", chunks.toString()), "chat.appendStream", token, ChatAppendStreamResponse.class);
    }

    /** {@code chat.stopStream} of the stream {@code ts}, with {@code chunks} last (none when empty). */
    ChatStopStreamResponse stop(String channel, String ts, ArrayNode chunks) throws IOException, SlackApiException {
        return methods.postFormWithTokenAndParseResponse(form -> {
            FormBody.Builder f = form.add("channel", channel).add("ts", ts);
            return chunks.isEmpty() ? f : f.add("chunks", chunks.toString());
        }, "chat.stopStream", token, ChatStopStreamResponse.class);
    }

    private static FormBody.Builder optional(FormBody.Builder form, String name, String value) {
        return value == null ? form : form.add(name, value);
    }
}
