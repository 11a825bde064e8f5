package io.gigaslack.slack.render;

/**
 * The {@code action_id}s of every interactive element the app renders. Buttons about a run carry
 * the run id as their {@code value}.
 */
public final class ActionIds {
    private ActionIds() {}

    /** Stop the run's computer (has a confirm dialog). */
    public static final String RUN_STOP = "run_stop";
    /** Extend the run's computer by {@link RenderContext#extendMinutes()}. */
    public static final String RUN_EXTEND = "run_extend";
    /**
     * "Open desktop": with the built-in viewer, a button that asks for a personal link; with an operator's viewer
     * ({@code DESKTOP_VIEWER_URL}), a link button (Slack still sends an action that must be acknowledged).
     */
    public static final String RUN_OPEN_DESKTOP = "run_open_desktop";
    /** Take a screenshot of the desktop into the thread. */
    public static final String RUN_SCREENSHOT = "run_screenshot";
    /** Keep a finished agent's computer running until the end of the hours asked for (no automatic stop). */
    public static final String RUN_KEEP = "run_keep";
    /** The link button in a personal desktop link message (acknowledged only). */
    public static final String DESKTOP_LINK = "desktop_link";
    /** Start the same task again. */
    public static final String RUN_RETRY = "run_retry";
    /** Ask to delete the run's deployment (answered by the delete confirmation message). */
    public static final String RUN_DELETE = "run_delete";
    /** Confirm the deletion (in the delete confirmation message). */
    public static final String RUN_DELETE_CONFIRM = "run_delete_confirm";
    /** Cancel the deletion (in the delete confirmation message). */
    public static final String RUN_DELETE_CANCEL = "run_delete_cancel";
    /** Show one run's status (in lists). */
    public static final String RUN_STATUS = "run_status";
    /** Open the run modal (App Home). */
    public static final String OPEN_RUN_MODAL = "open_run_modal";

    /** Open the form to connect (or replace) the workspace's Giga key (App Home, admins). */
    public static final String GIGA_CONNECT = "giga_connect";
    /** Disconnect the workspace's Giga key (App Home, admins; confirmed first). */
    public static final String GIGA_DISCONNECT = "giga_disconnect";
    /** The key field of the connect form. */
    public static final String GIGA_KEY_INPUT = "giga_key_input";

    /** Input elements of the run modal (one per input block). */
    public static final String MODAL_TASK = "task_input";
    public static final String MODAL_GOAL = "goal_input";
    public static final String MODAL_PLATFORM = "platform_input";
    public static final String MODAL_HOURS = "hours_input";
    public static final String MODAL_SYSTEM = "system_input";
    public static final String MODAL_NAME = "name_input";
    public static final String MODAL_FILES = "files_input";
}
