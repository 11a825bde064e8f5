package io.gigaslack.slack.command;

/** Usage texts (Slack mrkdwn) for each subcommand, shown with problems and in help. */
public final class Usage {
    private Usage() {}

    public static final String RUN = "`/giga run [--platform NAME] [--hours N] [--goal \"TEXT\"] "
            + "[--system \"TEXT\"] [--name \"TEXT\"] TASK`";
    public static final String DESKTOP = "`/giga desktop [--platform NAME] [--hours N] [--name \"TEXT\"]`";
    public static final String NEW = "`/giga` or `/giga new`";
    public static final String LIST = "`/giga list [all]`";
    public static final String STATUS = "`/giga status RUN_ID`";
    public static final String STOP = "`/giga stop RUN_ID`";
    public static final String DELETE = "`/giga delete RUN_ID`";
    public static final String HELP = "`/giga help`";
    public static final String AUDIT = "`/giga audit`";
    public static final String USAGE = "`/giga usage`";
    public static final String SETTINGS = "`/giga settings [clear]`";

    /** Every subcommand, one per line, with what it does. */
    public static final String ALL = String.join("\n",
            NEW + " open a form to start a run",
            RUN + " start a cloud computer with the AI agent working on TASK",
            DESKTOP + " start a cloud computer for you, without the agent",
            LIST + " your runs (`all`: everyone's in this channel)",
            STATUS + " one run's status",
            STOP + " stop a run's computer",
            DELETE + " delete a run's computer and files",
            USAGE + " credits used this month, and a chart of the last 30 days (admins: everyone's)",
            AUDIT + " recent actions (admins)",
            SETTINGS + " this channel's presets: platform, hours, goal and instructions for runs started here"
                    + " (admins; `clear` removes them). The workspace's settings are in the app's Home tab",
            HELP + " this help",
            "Hours are 1–24. Quote values with spaces: `--name \"Pricing check\"`.");
}
