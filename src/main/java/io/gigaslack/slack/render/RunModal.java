package io.gigaslack.slack.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.Platform;
import io.gigaslack.slack.command.RunOptions;
import io.gigaslack.slack.command.SlackText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The run modal ({@code views.open} payload, callback id {@link #CALLBACK_ID}) and the parser of its
 * submission. Inputs, by block id: {@link BlockIds#MODAL_TASK} (required), {@link BlockIds#MODAL_GOAL},
 * {@link BlockIds#MODAL_PLATFORM}, {@link BlockIds#MODAL_HOURS}, {@link BlockIds#MODAL_SYSTEM},
 * {@link BlockIds#MODAL_NAME}, and the file field {@link BlockIds#MODAL_FILES} (Block Kit's {@code file_input}, built
 * here as JSON like every other block; its submitted value lists the uploaded files). The channel (and thread), and
 * any files the modal came with, travel in {@code private_metadata} as JSON.
 */
public final class RunModal {
    public static final String CALLBACK_ID = "giga_run_modal";
    public static final int TASK_MAX = 3000;
    public static final int GOAL_MAX = 1000;
    public static final int SYSTEM_MAX = 3000;
    public static final int NAME_MAX = 80;
    /** Files given to the agent with one request (Slack's file field takes at most 10 too). */
    public static final int MAX_FILES = 10;
    static final int FILE_NAME_MAX = 150;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SLACK_ID = Pattern.compile("[A-Z0-9]{1,30}");
    private static final Pattern TS = Pattern.compile("[0-9]{1,20}(\\.[0-9]{1,10})?");
    private static final Pattern FILE_ID = Pattern.compile("F[A-Z0-9]{2,40}");

    private RunModal() {}

    /** The configured defaults shown in the modal. */
    public record Defaults(String platform, int hours, String goal) {}

    /** What the modal is filled with (plain text, already unescaped); nulls leave a field empty or at its default. */
    public record Prefill(String task, String goal, String platform, Integer hours, String systemPrompt, String name) {
        public static final Prefill NONE = new Prefill(null, null, null, null, null, null);

        /** Only the task, e.g. the text of the message behind the "Run with Giga" shortcut. */
        public static Prefill task(String task) {
            return new Prefill(task, null, null, null, null, null);
        }
    }

    /** A file given with the request: Slack's id for it, and the name Slack gave (null when it gave none). */
    public record AttachedFile(String id, String name) {
        public AttachedFile {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * Where the run's card will be posted, and the files the modal came with (those of the message a shortcut was used
     * on, at most {@link #MAX_FILES}); carried in {@code private_metadata}.
     */
    public record Metadata(String channelId, String threadTs, List<AttachedFile> files) {
        public Metadata {
            Objects.requireNonNull(channelId, "channelId");
            files = files == null ? List.of() : List.copyOf(files.subList(0, Math.min(files.size(), MAX_FILES)));
        }

        public Metadata(String channelId, String threadTs) {
            this(channelId, threadTs, List.of());
        }

        /**
         * A JSON string {@code {"channel":"C1","thread_ts":"…","files":[{"id":"F1","name":"…"}]}}, under 3,000 chars
         * (names are cut to {@link #FILE_NAME_MAX}).
         */
        public String toJson() {
            ObjectNode o = Blocks.JSON.objectNode();
            o.put("channel", SlackText.truncate(channelId, 100));
            if (threadTs != null) {
                o.put("thread_ts", SlackText.truncate(threadTs, 100));
            }
            if (!files.isEmpty()) {
                ArrayNode a = o.putArray("files");
                for (AttachedFile f : files) {
                    ObjectNode file = a.addObject().put("id", SlackText.truncate(f.id(), 40));
                    if (f.name() != null) {
                        file.put("name", SlackText.truncate(f.name(), FILE_NAME_MAX));
                    }
                }
            }
            return o.toString();
        }

        /** The metadata from a view's {@code private_metadata}, if it is ours and well formed. */
        public static Optional<Metadata> parse(String json) {
            try {
                JsonNode o = MAPPER.readTree(json == null ? "" : json);
                if (o == null || !o.isObject()) {
                    return Optional.empty();
                }
                String channel = o.path("channel").asText("");
                String ts = o.hasNonNull("thread_ts") ? o.get("thread_ts").asText() : null;
                if (!SLACK_ID.matcher(channel).matches() || (ts != null && !TS.matcher(ts).matches())) {
                    return Optional.empty();
                }
                return Optional.of(new Metadata(channel, ts, filesOf(o.path("files"))));
            } catch (Exception e) {
                return Optional.empty();
            }
        }
    }

    /** Files of a JSON array of {@code {id, name}} (a file object's other fields ignored): those with a Slack file id. */
    static List<AttachedFile> filesOf(JsonNode array) {
        List<AttachedFile> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode f : array) {
                String id = f.path("id").asText("");
                if (FILE_ID.matcher(id).matches() && out.size() < MAX_FILES) {
                    String name = f.path("name").isTextual() ? SlackText.truncate(f.get("name").asText(), FILE_NAME_MAX)
                            : null;
                    out.add(new AttachedFile(id, name == null || name.isBlank() ? null : name));
                }
            }
        }
        return out;
    }

    /** The result of a submission: valid, or errors to send back as {@code response_action: errors}. */
    public sealed interface Submission {
        /**
         * Same shape as {@code /giga run}: options (null = default) and the task, plain text; and the files for the
         * agent (those the modal came with, then those put in its file field).
         */
        record Valid(Metadata metadata, RunOptions options, String task, List<AttachedFile> files)
                implements Submission {
            public Valid {
                files = files == null ? List.of() : List.copyOf(files);
            }

            public Valid(Metadata metadata, RunOptions options, String task) {
                this(metadata, options, task, List.of());
            }
        }

        /** Field errors by block id. */
        record Errors(Map<String, String> errors) implements Submission {
            public Errors {
                errors = Map.copyOf(errors);
            }

            /** The {@code {"response_action":"errors","errors":{…}}} answer. */
            public ObjectNode toResponse() {
                ObjectNode o = Blocks.JSON.objectNode();
                o.put("response_action", "errors");
                ObjectNode e = o.putObject("errors");
                errors.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(en -> e.put(en.getKey(), en.getValue()));
                return o;
            }
        }
    }

    public static ObjectNode view(List<Platform> platforms, Defaults defaults, Metadata metadata) {
        return view(platforms, defaults, metadata, Prefill.NONE);
    }

    /** Why a form's run goes to the person's DM with the app instead of where the form was opened. */
    public enum ToAppDm {
        /** The form was opened from a direct message between people, where the app can never post. */
        FROM_PEOPLES_DM,
        /** The form was opened from a private channel (or a group DM) the app is not in. */
        FROM_CHANNEL_WITHOUT_APP
    }

    /** The words at the top of a form whose run goes to the person's DM with the app. */
    static String toAppDmText(ToAppDm why) {
        return switch (why) {
            case FROM_PEOPLES_DM -> ":speech_balloon: I cannot post in a direct message between people, so this"
                    + " run's status card and thread will be in *your DM with me* (Giga, under Apps).";
            case FROM_CHANNEL_WITHOUT_APP -> ":lock: I am not in this channel, so this run's status card and thread"
                    + " will be in *your DM with me* (Giga, under Apps). To run it in the channel instead, cancel,"
                    + " invite me with `/invite @Giga` and try again.";
        };
    }

    /**
     * The run form for a run in {@code userId}'s DM with the app, saying at the top where the run goes and why, with
     * a submit button that says it too. Its submission is an ordinary one whose channel is the person's id (a post to
     * a person's id goes to their DM with the app).
     */
    public static ObjectNode viewInAppDm(List<Platform> platforms, Defaults defaults, String userId, Prefill prefill,
            ToAppDm why) {
        return viewInAppDm(platforms, defaults, userId, prefill, why, List.of());
    }

    /** {@link #viewInAppDm(List, Defaults, String, Prefill, ToAppDm)} with the files the form comes with. */
    public static ObjectNode viewInAppDm(List<Platform> platforms, Defaults defaults, String userId, Prefill prefill,
            ToAppDm why, List<AttachedFile> files) {
        ObjectNode v = view(platforms, defaults, new Metadata(userId, null, files), prefill);
        v.set("submit", Blocks.plain("Start in my DM", 24));
        ((ArrayNode) v.get("blocks")).insert(0, Blocks.section(BlockIds.MODAL_WHERE, toAppDmText(why)));
        return v;
    }

    public static ObjectNode view(List<Platform> platforms, Defaults defaults, Metadata metadata, Prefill prefill) {
        ObjectNode v = Blocks.JSON.objectNode();
        v.put("type", "modal");
        v.put("callback_id", CALLBACK_ID);
        v.set("title", Blocks.plain("Run with Giga", 24));
        v.set("submit", Blocks.plain("Start", 24));
        v.set("close", Blocks.plain("Cancel", 24));
        v.put("private_metadata", metadata.toJson());
        ArrayNode blocks = v.putArray("blocks");
        blocks.add(input(BlockIds.MODAL_TASK, "Task for the agent", false,
                text(ActionIds.MODAL_TASK, true, TASK_MAX, "e.g. Find the pricing on example.com and save it to pricing.txt",
                        prefill.task()),
                "What the AI agent should do on its cloud computer."));
        String goalHint = defaults.goal() == null || defaults.goal().isBlank() ? "When is the task done?"
                : "Default: " + defaults.goal();
        blocks.add(input(BlockIds.MODAL_GOAL, "Goal", true,
                text(ActionIds.MODAL_GOAL, true, GOAL_MAX, goalHint, prefill.goal()),
                "How the agent knows it is done. Leave empty for the default."));
        blocks.add(input(BlockIds.MODAL_PLATFORM, "Computer size", false,
                platformSelect(platforms, prefill.platform() != null ? prefill.platform() : defaults.platform()), null));
        blocks.add(input(BlockIds.MODAL_HOURS, "Hours (1–24)", false,
                hours(prefill.hours() != null ? prefill.hours() : defaults.hours()),
                "The computer stops after this long unless extended."));
        blocks.add(input(BlockIds.MODAL_SYSTEM, "Extra instructions", true,
                text(ActionIds.MODAL_SYSTEM, true, SYSTEM_MAX, "e.g. Answer in French.", prefill.systemPrompt()), null));
        blocks.add(input(BlockIds.MODAL_NAME, "Name", true,
                text(ActionIds.MODAL_NAME, false, NAME_MAX, "e.g. Pricing check", prefill.name()),
                "A short label for lists."));
        if (!metadata.files().isEmpty()) {
            blocks.add(Blocks.context(BlockIds.MODAL_ATTACHED, attachedNames(metadata.files())));
        }
        blocks.add(input(BlockIds.MODAL_FILES, "Files for the agent", true,
                fileInput(Math.max(1, MAX_FILES - metadata.files().size())),
                "Put on the computer's Desktop before the agent starts."));
        return v;
    }

    /** Whether {@code view} has the file field. */
    public static boolean hasFileField(ObjectNode view) {
        for (JsonNode b : view.path("blocks")) {
            if (BlockIds.MODAL_FILES.equals(b.path("block_id").asText())) {
                return true;
            }
        }
        return false;
    }

    /** A copy of {@code view} without the file field (for an app Slack does not allow it: no files:read scope). */
    public static ObjectNode withoutFileField(ObjectNode view) {
        ObjectNode copy = view.deepCopy();
        ArrayNode blocks = (ArrayNode) copy.path("blocks");
        for (int i = blocks.size() - 1; i >= 0; i--) {
            if (BlockIds.MODAL_FILES.equals(blocks.get(i).path("block_id").asText())) {
                blocks.remove(i);
            }
        }
        return copy;
    }

    private static ObjectNode input(String blockId, String label, boolean optional, ObjectNode element, String hint) {
        ObjectNode b = Blocks.JSON.objectNode();
        b.put("type", "input");
        b.put("block_id", blockId);
        b.set("label", Blocks.plain(label, 2000));
        b.put("optional", optional);
        b.set("element", element);
        if (hint != null) {
            b.set("hint", Blocks.plain(hint, 2000));
        }
        return b;
    }

    private static ObjectNode text(String actionId, boolean multiline, int maxLength, String placeholder,
            String initial) {
        ObjectNode e = Blocks.JSON.objectNode();
        e.put("type", "plain_text_input");
        e.put("action_id", actionId);
        e.put("multiline", multiline);
        e.put("max_length", maxLength);
        e.set("placeholder", Blocks.plain(placeholder, 150));
        if (initial != null && !initial.isBlank()) {
            e.put("initial_value", initialValue(initial, maxLength));
        }
        return e;
    }

    /** Plain text (no escaping: it is an input's value), cleaned of control characters and cut to fit. */
    static String initialValue(String s, int max) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), max + 1));
        for (int i = 0; i < s.length() && b.length() <= max; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    b.append(c).append(s.charAt(++i));
                } else {
                    b.append('\uFFFD');
                }
            } else if (Character.isLowSurrogate(c)) {
                b.append('\uFFFD');
            } else if (c == '\n' || c == '\t' || !(c < 0x20 || (c >= 0x7F && c <= 0x9F))) {
                b.append(c);
            }
        }
        String out = b.toString().strip();
        if (out.length() > max) {
            int cut = max;
            if (Character.isLowSurrogate(out.charAt(cut)) && Character.isHighSurrogate(out.charAt(cut - 1))) {
                cut--;
            }
            out = out.substring(0, cut);
        }
        return out;
    }

    /** "The message's files go to the agent's Desktop too: `a.pdf`, `b.csv`" (names escaped, cut). */
    private static String attachedNames(List<AttachedFile> files) {
        StringBuilder b = new StringBuilder(files.size() == 1 ? "The message's file goes to the agent's Desktop too: "
                : "The message's " + files.size() + " files go to the agent's Desktop too: ");
        for (int i = 0; i < files.size(); i++) {
            String name = files.get(i).name() == null ? "file " + files.get(i).id() : files.get(i).name();
            b.append(i == 0 ? "" : ", ").append('`')
                    .append(SlackText.escapeAndTruncate(name.replace('`', '\'').replaceAll("\\s+", " "), 80))
                    .append('`');
        }
        return b.toString();
    }

    /** Block Kit's file field ({@code file_input}): any type, at most {@code maxFiles} files. */
    private static ObjectNode fileInput(int maxFiles) {
        ObjectNode e = Blocks.JSON.objectNode();
        e.put("type", "file_input");
        e.put("action_id", ActionIds.MODAL_FILES);
        e.put("max_files", maxFiles);
        return e;
    }

    private static ObjectNode platformSelect(List<Platform> platforms, String selected) {
        ObjectNode e = Blocks.JSON.objectNode();
        e.put("type", "static_select");
        e.put("action_id", ActionIds.MODAL_PLATFORM);
        e.set("placeholder", Blocks.plain("Choose a computer", 150));
        ArrayNode options = e.putArray("options");
        ObjectNode initial = null;
        for (Platform p : platforms) {
            if (options.size() == 100 || p.name().length() > 150) {
                continue;
            }
            ObjectNode o = Blocks.JSON.objectNode();
            o.set("text", Blocks.plain(p.name() + " — " + (p.rateKnown() ? p.creditsPerHour() + " credits/hour"
                    : "rate unknown"), 75));
            o.put("value", p.name());
            options.add(o);
            if (p.name().equals(selected)) {
                initial = o;
            }
        }
        if (initial != null) {
            e.set("initial_option", initial.deepCopy());
        }
        return e;
    }

    private static ObjectNode hours(int initial) {
        ObjectNode e = Blocks.JSON.objectNode();
        e.put("type", "number_input");
        e.put("action_id", ActionIds.MODAL_HOURS);
        e.put("is_decimal_allowed", false);
        e.put("min_value", "1");
        e.put("max_value", "24");
        e.put("initial_value", String.valueOf(Math.max(1, Math.min(24, initial))));
        return e;
    }

    /**
     * Reads a {@code view_submission} payload (the whole payload, or just its {@code view}): a typed
     * request, or field errors by block id (empty task, hours not 1–24, a platform not in
     * {@code allowedPlatforms}, over-long fields, lost metadata).
     */
    public static Submission parseSubmission(JsonNode payload, Set<String> allowedPlatforms) {
        JsonNode view = payload == null ? null : payload.has("view") ? payload.get("view") : payload;
        JsonNode values = view == null ? null : view.path("state").path("values");
        Map<String, String> errors = new LinkedHashMap<>();
        String task = value(values, BlockIds.MODAL_TASK, ActionIds.MODAL_TASK);
        String goal = value(values, BlockIds.MODAL_GOAL, ActionIds.MODAL_GOAL);
        String system = value(values, BlockIds.MODAL_SYSTEM, ActionIds.MODAL_SYSTEM);
        String name = value(values, BlockIds.MODAL_NAME, ActionIds.MODAL_NAME);
        String hoursText = value(values, BlockIds.MODAL_HOURS, ActionIds.MODAL_HOURS);
        JsonNode platformNode = values == null ? null
                : values.path(BlockIds.MODAL_PLATFORM).path(ActionIds.MODAL_PLATFORM).path("selected_option").path("value");
        String platform = platformNode == null || !platformNode.isTextual() ? "" : platformNode.asText().strip();

        if (task.isEmpty()) {
            errors.put(BlockIds.MODAL_TASK, "Tell the agent what to do.");
        } else if (task.length() > TASK_MAX) {
            errors.put(BlockIds.MODAL_TASK, "The task is too long: at most " + TASK_MAX + " characters.");
        }
        tooLong(errors, BlockIds.MODAL_GOAL, "goal", goal, GOAL_MAX);
        tooLong(errors, BlockIds.MODAL_SYSTEM, "instructions", system, SYSTEM_MAX);
        tooLong(errors, BlockIds.MODAL_NAME, "name", name, NAME_MAX);
        if (platform.isEmpty()) {
            errors.put(BlockIds.MODAL_PLATFORM, "Choose a computer size.");
        } else if (!allowedPlatforms.contains(platform)) {
            errors.put(BlockIds.MODAL_PLATFORM, "This computer size is not available; choose another.");
        }
        Integer hours = null;
        if (hoursText.matches("[0-9]{1,3}")) {
            hours = Integer.parseInt(hoursText);
        }
        if (hours == null || hours < 1 || hours > 24) {
            errors.put(BlockIds.MODAL_HOURS, "Hours must be a whole number from 1 to 24.");
        }
        Optional<Metadata> metadata = Metadata.parse(view == null ? null : view.path("private_metadata").asText(null));
        if (metadata.isEmpty() && !errors.containsKey(BlockIds.MODAL_TASK)) {
            errors.put(BlockIds.MODAL_TASK, "This form lost track of its channel. Close it and run /giga again.");
        }
        if (!errors.isEmpty()) {
            return new Submission.Errors(errors);
        }
        List<AttachedFile> files = new ArrayList<>(metadata.get().files());
        if (values != null) {
            files.addAll(filesOf(values.path(BlockIds.MODAL_FILES).path(ActionIds.MODAL_FILES).path("files")));
        }
        return new Submission.Valid(metadata.get(),
                new RunOptions(platform, hours, emptyToNull(goal), emptyToNull(system), emptyToNull(name)), task,
                files);
    }

    private static void tooLong(Map<String, String> errors, String blockId, String what, String value, int max) {
        if (value.length() > max) {
            errors.put(blockId, "The " + what + " is too long: at most " + max + " characters.");
        }
    }

    private static String value(JsonNode values, String blockId, String actionId) {
        if (values == null) {
            return "";
        }
        JsonNode v = values.path(blockId).path(actionId).path("value");
        return v.isTextual() ? v.asText().strip() : "";
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
