package io.gigaslack.slack.render;

/** Stable {@code block_id}s. Lists number their rows: {@code runs_<i>_summary}, {@code runs_<i>_actions}. */
public final class BlockIds {
    private BlockIds() {}

    public static final String CARD_SUMMARY = "run_card_summary";
    public static final String CARD_FACTS = "run_card_facts";
    public static final String CARD_NOTE = "run_card_note";
    /** Which of its channel's presets a run took. */
    public static final String CARD_PRESETS = "run_card_presets";
    public static final String CARD_ACTIONS = "run_card_actions";

    public static final String THREAD_TEXT = "thread_text";
    /** The agent's progress message (where streaming is refused): its head, steps and ending. */
    public static final String PROGRESS = "progress";
    /** Further sections of a long text (an agent's answer): {@code thread_text_2}, {@code thread_text_3}. */
    public static final String THREAD_TEXT_MORE = "thread_text_";
    public static final String THREAD_DETAIL = "thread_detail";
    public static final String THREAD_ACTIONS = "thread_actions";

    public static final String RESPONSE_TEXT = "response_text";
    public static final String RESPONSE_USAGE = "response_usage";
    public static final String RESPONSE_ACTIONS = "response_actions";
    public static final String RESPONSE_MORE = "response_more";

    public static final String HOME_HEADER = "home_header";
    public static final String HOME_HOWTO = "home_howto";
    public static final String HOME_ACTIONS = "home_actions";
    public static final String HOME_RUNS_TITLE = "home_runs_title";
    public static final String HOME_MORE = "home_more";
    public static final String HOME_GIGA_ACCOUNT = "home_giga_account";
    public static final String HOME_GIGA_ACTIONS = "home_giga_actions";
    /** The Giga connect form. */
    public static final String GIGA_KEY_INTRO = "giga_key_intro";
    public static final String GIGA_KEY = "giga_key";

    /** Run modal inputs; field errors from {@link RunModal#parseSubmission} use these keys. */
    public static final String MODAL_TASK = "run_task";
    public static final String MODAL_GOAL = "run_goal";
    public static final String MODAL_PLATFORM = "run_platform";
    public static final String MODAL_HOURS = "run_hours";
    public static final String MODAL_SYSTEM = "run_system";
    public static final String MODAL_NAME = "run_name";
    /** Above the inputs, when the run will not go where the form was opened: where it goes, and why. */
    public static final String MODAL_WHERE = "run_where";
    public static final String MODAL_FILES = "run_files";
    /** The files the modal came with (a message shortcut's), named for the user. */
    public static final String MODAL_ATTACHED = "run_attached";

    static String listSummary(int i) {
        return "runs_" + i + "_summary";
    }

    static String listActions(int i) {
        return "runs_" + i + "_actions";
    }
}
