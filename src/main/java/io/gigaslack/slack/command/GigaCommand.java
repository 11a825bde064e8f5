package io.gigaslack.slack.command;

/** What a {@code /giga} command asks for, as parsed by {@link CommandParser}. */
public sealed interface GigaCommand {

    /** {@code /giga run [options] PROMPT}: an agent run; {@code prompt} is plain text, never blank. */
    record Run(RunOptions options, String prompt) implements GigaCommand {}

    /** {@code /giga desktop [options]}: a computer without the agent. */
    record Desktop(RunOptions options) implements GigaCommand {}

    /** {@code /giga} or {@code /giga new}: open the run modal. */
    record OpenModal() implements GigaCommand {}

    /** {@code /giga list [all]}: the caller's runs, or everyone's in the channel. */
    record ListRuns(boolean all) implements GigaCommand {}

    /** {@code /giga status ID}. */
    record Status(String id) implements GigaCommand {}

    /** {@code /giga stop ID}. */
    record Stop(String id) implements GigaCommand {}

    /** {@code /giga delete ID}. */
    record Delete(String id) implements GigaCommand {}

    /** {@code /giga help}. */
    record Help() implements GigaCommand {}

    /** {@code /giga audit}. */
    record Audit() implements GigaCommand {}

    /** {@code /giga usage}: credits used this month (everyone's for admins, else the caller's) and a chart. */
    record ShowUsage() implements GigaCommand {}

    /**
     * {@code /giga settings}: open the form of the channel's presets; {@code /giga settings clear}: remove them
     * ({@code clear}). Admins only.
     */
    record Settings(boolean clear) implements GigaCommand {}

    /**
     * The text could not be understood. {@code problem} is one sentence naming what is wrong;
     * {@code usage} is the right usage for the subcommand (one of the {@link Usage} texts).
     */
    record Invalid(String problem, String usage) implements GigaCommand {}
}
