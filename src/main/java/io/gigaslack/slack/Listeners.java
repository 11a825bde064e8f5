package io.gigaslack.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.handler.UnmatchedRequestHandler;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.handler.builtin.MessageShortcutHandler;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.handler.builtin.ViewSubmissionHandler;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.builtin.AttachmentActionRequest;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.BlockSuggestionRequest;
import com.slack.api.bolt.request.builtin.DialogCancellationRequest;
import com.slack.api.bolt.request.builtin.DialogSubmissionRequest;
import com.slack.api.bolt.request.builtin.DialogSuggestionRequest;
import com.slack.api.bolt.request.builtin.EventRequest;
import com.slack.api.bolt.request.builtin.GlobalShortcutRequest;
import com.slack.api.bolt.request.builtin.MessageShortcutRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewClosedRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.EventsApiPayloadParser;
import com.slack.api.methods.SlackApiException;
import com.slack.api.model.event.Event;
import com.slack.api.model.view.View;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the listeners on Bolt's {@code App} and remembers what each one answers to, so that a request none of them
 * handles is acknowledged (200, no body) with one DEBUG line naming it. Left to Bolt, such a request (an event the app
 * subscribes to but does not act on, a closed modal, an options request, a global shortcut, an unknown button) is
 * answered 404, which Slack counts as a failed delivery and retries; in Socket Mode Bolt does not acknowledge a non-200
 * answer at all, so Slack redelivers it; and Bolt logs a multi-line "[Suggestion]" warning for each.
 *
 * <p>On the app {@link #newApp} builds, the check runs where Bolt's dispatch starts (after its middleware: SSL check,
 * authorization, ignoring the bot's own events), so a request this registry can tell no listener handles never
 * reaches Bolt's search for one, and Bolt writes no warning. What it cannot tell (a request missing the id it would
 * match on) goes on to Bolt unchanged; when Bolt then finds no listener, the same acknowledgement answers instead of
 * Bolt's 404, as the app's {@link UnmatchedRequestHandler} (on any app, also one not built here).
 *
 * <p>Matching is Bolt's: exact ids (Bolt quotes the strings given to it), events by Bolt's "type" or "type:subtype"
 * key, and a {@code block_actions} payload only when it carries exactly one action (Bolt handles no other). Every
 * listener must be registered through this class, or its requests would be acknowledged unhandled; a test compares
 * what it recorded with what Bolt holds.
 */
final class Listeners implements UnmatchedRequestHandler {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);
    private static final int MAX_ID_CHARS = 100;

    private final App app;
    private final Set<String> commands = new HashSet<>();
    private final Set<String> blockActions = new HashSet<>();
    private final Set<String> viewSubmissions = new HashSet<>();
    private final Set<String> messageShortcuts = new HashSet<>();
    private final Set<String> events = new HashSet<>();

    private Listeners(App app) {
        this.app = app;
        app.config().setUnmatchedRequestHandler(this);
    }

    /** Bolt's app over {@code config}, which asks its {@link #on registry} before looking for a listener. */
    static App newApp(AppConfig config) {
        return new AcknowledgingApp(config);
    }

    /**
     * The registry of {@code app}'s listeners: its own for an app from {@link #newApp}; for another app a new one, whose
     * requests no listener handles are acknowledged only once Bolt has looked for one (and logged its warning).
     */
    static Listeners on(App app) {
        return app instanceof AcknowledgingApp acknowledging ? acknowledging.listeners : new Listeners(app);
    }

    /** Bolt's app, its dispatch preceded by the check (Bolt calls {@code runHandler} once its middleware passed). */
    private static final class AcknowledgingApp extends App {
        private final Listeners listeners;

        AcknowledgingApp(AppConfig config) {
            super(config);
            this.listeners = new Listeners(this);
        }

        @Override
        protected Response runHandler(Request request) throws IOException, SlackApiException {
            listeners.everyRequest.accept(request.getContext());
            String unhandled = listeners.unhandled(request);
            return unhandled == null ? super.runHandler(request) : acknowledge(unhandled);
        }
    }

    /** What every request's context is shown before it is dispatched (where it comes from); nothing by default. */
    private volatile java.util.function.Consumer<com.slack.api.bolt.context.Context> everyRequest = c -> { };

    /** Shows {@code seen} the context of every request this app dispatches (an app from {@link #newApp} only). */
    Listeners onEveryRequest(java.util.function.Consumer<com.slack.api.bolt.context.Context> seen) {
        this.everyRequest = seen;
        return this;
    }

    Listeners command(String command, SlashCommandHandler handler) {
        app.command(command, handler);
        commands.add(command);
        return this;
    }

    Listeners blockAction(String actionId, BlockActionHandler handler) {
        app.blockAction(actionId, handler);
        blockActions.add(actionId);
        return this;
    }

    Listeners viewSubmission(String callbackId, ViewSubmissionHandler handler) {
        app.viewSubmission(callbackId, handler);
        viewSubmissions.add(callbackId);
        return this;
    }

    Listeners messageShortcut(String callbackId, MessageShortcutHandler handler) {
        app.messageShortcut(callbackId, handler);
        messageShortcuts.add(callbackId);
        return this;
    }

    <E extends Event> Listeners event(Class<E> type, BoltEventHandler<E> handler) {
        app.event(type, handler);
        events.add(Objects.requireNonNull(EventsApiPayloadParser.getEventTypeAndSubtype(type), type.getName()));
        return this;
    }

    /**
     * What was registered, by the name of the map Bolt keeps those listeners in: for the test that compares the two.
     */
    Map<String, Set<String>> registered() {
        return Map.of("slashCommandHandlers", Set.copyOf(commands), "blockActionHandlers", Set.copyOf(blockActions),
                "viewSubmissionHandlers", Set.copyOf(viewSubmissions),
                "messageShortcutHandlers", Set.copyOf(messageShortcuts), "eventHandlers", Set.copyOf(events));
    }

    /** Bolt found no listener for {@code request}: acknowledged all the same, instead of Bolt's 404. */
    @Override
    public Response handle(Request<?> request) {
        String what = unhandled(request);
        return acknowledge(what != null ? what : request.getRequestType().name());
    }

    /** 200 without a body: Slack's acknowledgement over HTTP, and a bare ack (envelope id only) in Socket Mode. */
    private static Response acknowledge(String what) {
        log.debug("acknowledged a Slack request no listener handles: {}", what);
        return Response.ok();
    }

    /**
     * What {@code request} is ("Event reaction_added", "BlockAction action_id=x", …) when no listener handles it; null
     * when one does, when it lacks what it would be matched on, or when it is not a kind listeners answer (URL
     * verification, SSL check, OAuth): Bolt then deals with it as before.
     */
    private String unhandled(Request<?> request) {
        switch (request.getRequestType()) {
            case Command: {
                String command = ((SlashCommandRequest) request).getPayload().getCommand();
                return command == null || commands.contains(command) ? null : "Command " + safe(command);
            }
            case Event: {
                String key = ((EventRequest) request).getEventTypeAndSubtype();
                return key == null || events.contains(key) ? null : "Event " + safe(key);
            }
            case BlockAction: {
                List<BlockActionPayload.Action> actions = ((BlockActionRequest) request).getPayload().getActions();
                if (actions == null || actions.isEmpty() || actions.stream().anyMatch(a -> a == null
                        || a.getActionId() == null)) {
                    return null;
                }
                if (actions.size() == 1 && blockActions.contains(actions.get(0).getActionId())) {
                    return null;
                }
                return "BlockAction action_id=" + String.join(",",
                        actions.stream().map(a -> safe(a.getActionId())).toList());
            }
            case ViewSubmission: {
                String callbackId = callbackId(((ViewSubmissionRequest) request).getPayload().getView());
                return callbackId == null || viewSubmissions.contains(callbackId) ? null
                        : "ViewSubmission callback_id=" + safe(callbackId);
            }
            case MessageShortcut: {
                String callbackId = ((MessageShortcutRequest) request).getPayload().getCallbackId();
                return callbackId == null || messageShortcuts.contains(callbackId) ? null
                        : "MessageShortcut callback_id=" + safe(callbackId);
            }
            // No listener of these kinds is registered: none of them is handled.
            case ViewClosed:
                return described("ViewClosed callback_id=",
                        callbackId(((ViewClosedRequest) request).getPayload().getView()));
            case BlockSuggestion:
                return described("BlockSuggestion action_id=",
                        ((BlockSuggestionRequest) request).getPayload().getActionId());
            case GlobalShortcut:
                return described("GlobalShortcut callback_id=",
                        ((GlobalShortcutRequest) request).getPayload().getCallbackId());
            case AttachmentAction:
                return described("AttachmentAction callback_id=",
                        ((AttachmentActionRequest) request).getPayload().getCallbackId());
            case DialogSubmission:
                return described("DialogSubmission callback_id=",
                        ((DialogSubmissionRequest) request).getPayload().getCallbackId());
            case DialogCancellation:
                return described("DialogCancellation callback_id=",
                        ((DialogCancellationRequest) request).getPayload().getCallbackId());
            case DialogSuggestion:
                return described("DialogSuggestion callback_id=",
                        ((DialogSuggestionRequest) request).getPayload().getCallbackId());
            case WorkflowStepEdit:
            case WorkflowStepSave:
            case WorkflowStepExecute:
                return request.getRequestType().name();
            default:
                return null;
        }
    }

    private static String callbackId(View view) {
        return view == null ? null : view.getCallbackId();
    }

    private static String described(String prefix, String id) {
        return id == null ? null : prefix + safe(id);
    }

    /** An id as it may appear in the log: printable ASCII only, at most {@value #MAX_ID_CHARS} characters. */
    static String safe(String id) {
        StringBuilder sb = new StringBuilder(Math.min(id.length(), MAX_ID_CHARS + 1));
        for (int i = 0; i < id.length() && sb.length() < MAX_ID_CHARS; i++) {
            char c = id.charAt(i);
            sb.append(c > ' ' && c < 0x7f ? c : '?');
        }
        if (id.length() > MAX_ID_CHARS) {
            sb.append('…');
        }
        return sb.toString();
    }
}
