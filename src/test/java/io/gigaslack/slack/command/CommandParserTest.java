package io.gigaslack.slack.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.slack.command.GigaCommand.Invalid;
import org.junit.jupiter.api.Test;

class CommandParserTest {

    private static GigaCommand.Run run(String text) {
        GigaCommand c = CommandParser.parse(text);
        assertThat(c).as(text).isInstanceOf(GigaCommand.Run.class);
        return (GigaCommand.Run) c;
    }

    private static Invalid invalid(String text) {
        GigaCommand c = CommandParser.parse(text);
        assertThat(c).as(text).isInstanceOf(Invalid.class);
        return (Invalid) c;
    }

    @Test
    void empty_text_and_new_open_the_modal() {
        assertThat(CommandParser.parse("")).isInstanceOf(GigaCommand.OpenModal.class);
        assertThat(CommandParser.parse("   ")).isInstanceOf(GigaCommand.OpenModal.class);
        assertThat(CommandParser.parse(null)).isInstanceOf(GigaCommand.OpenModal.class);
        assertThat(CommandParser.parse("new")).isInstanceOf(GigaCommand.OpenModal.class);
        assertThat(CommandParser.parse("NEW")).isInstanceOf(GigaCommand.OpenModal.class);
    }

    @Test
    void run_with_only_a_prompt() {
        GigaCommand.Run r = run("run Find the pricing on example.com and save it to pricing.txt");
        assertThat(r.prompt()).isEqualTo("Find the pricing on example.com and save it to pricing.txt");
        assertThat(r.options()).isEqualTo(RunOptions.NONE);
    }

    @Test
    void platform_option() {
        assertThat(run("run --platform giga-large do it").options().platform()).isEqualTo("giga-large");
    }

    @Test
    void hours_option() {
        assertThat(run("run --hours 3 do it").options().hours()).isEqualTo(3);
        assertThat(run("run --hours 1 do it").options().hours()).isEqualTo(1);
        assertThat(run("run --hours 24 do it").options().hours()).isEqualTo(24);
    }

    @Test
    void goal_option_quoted() {
        assertThat(run("run --goal \"pricing.txt exists\" do it").options().goal()).isEqualTo("pricing.txt exists");
    }

    @Test
    void system_option_quoted() {
        assertThat(run("run --system \"Answer in French\" do it").options().systemPrompt()).isEqualTo("Answer in French");
    }

    @Test
    void name_option_quoted() {
        GigaCommand.Run r = run("run --name \"Pricing check\" do it");
        assertThat(r.options().name()).isEqualTo("Pricing check");
        assertThat(r.prompt()).isEqualTo("do it");
    }

    @Test
    void all_options_in_any_order() {
        GigaCommand.Run r = run("run --name n --hours 2 --system \"s s\" --platform p --goal \"g g\" the task");
        assertThat(r.options()).isEqualTo(new RunOptions("p", 2, "g g", "s s", "n"));
        assertThat(r.prompt()).isEqualTo("the task");
    }

    @Test
    void option_equals_value_form() {
        GigaCommand.Run r = run("run --hours=5 --platform=giga-small --name=\"My run\" task");
        assertThat(r.options()).isEqualTo(new RunOptions("giga-small", 5, null, null, "My run"));
    }

    @Test
    void curly_double_and_single_quotes() {
        assertThat(run("run --name “Pricing check” task").options().name()).isEqualTo("Pricing check");
        assertThat(run("run --name ‘Bob’s run’ task").options().name()).isEqualTo("Bob’s run");
        assertThat(run("run --name 'it's fine' task").options().name()).isEqualTo("it's fine");
    }

    @Test
    void em_dash_from_autocorrect_counts_as_double_dash() {
        assertThat(run("run —hours 2 task").options().hours()).isEqualTo(2);
    }

    @Test
    void double_dash_alone_ends_options() {
        GigaCommand.Run r = run("run --hours 2 -- --not-an-option here");
        assertThat(r.prompt()).isEqualTo("--not-an-option here");
    }

    @Test
    void options_after_the_prompt_belong_to_the_prompt() {
        assertThat(run("run task --hours 2").prompt()).isEqualTo("task --hours 2");
    }

    @Test
    void prompt_keeps_newlines_emoji_and_markdown() {
        assertThat(run("run *bold* 😀 مرحبا\nline two").prompt()).isEqualTo("*bold* 😀 مرحبا\nline two");
    }

    @Test
    void prompt_and_values_are_unescaped() {
        GigaCommand.Run r = run("run --name \"A &amp; B\" Ask <@U123|ana> about <https://x.example|x> &lt;3 <!here>");
        assertThat(r.options().name()).isEqualTo("A & B");
        assertThat(r.prompt()).isEqualTo("Ask @ana about x (https://x.example) <3 @here");
    }

    @Test
    void subcommand_is_case_insensitive() {
        assertThat(CommandParser.parse("RUN do")).isInstanceOf(GigaCommand.Run.class);
    }

    @Test
    void desktop_with_options() {
        GigaCommand c = CommandParser.parse("desktop --platform p --hours 4 --name \"my box\"");
        assertThat(c).isEqualTo(new GigaCommand.Desktop(new RunOptions("p", 4, null, null, "my box")));
        assertThat(CommandParser.parse("desktop")).isEqualTo(new GigaCommand.Desktop(RunOptions.NONE));
    }

    @Test
    void list_status_stop_delete_help_audit() {
        assertThat(CommandParser.parse("list")).isEqualTo(new GigaCommand.ListRuns(false));
        assertThat(CommandParser.parse("list all")).isEqualTo(new GigaCommand.ListRuns(true));
        assertThat(CommandParser.parse("status r_abc")).isEqualTo(new GigaCommand.Status("r_abc"));
        assertThat(CommandParser.parse("stop r_abc")).isEqualTo(new GigaCommand.Stop("r_abc"));
        assertThat(CommandParser.parse("delete dep-123")).isEqualTo(new GigaCommand.Delete("dep-123"));
        assertThat(CommandParser.parse("help")).isEqualTo(new GigaCommand.Help());
        assertThat(CommandParser.parse("audit")).isEqualTo(new GigaCommand.Audit());
    }

    @Test
    void usage_takes_nothing_after_it() {
        assertThat(CommandParser.parse("usage")).isEqualTo(new GigaCommand.ShowUsage());
        assertThat(CommandParser.parse("USAGE")).isEqualTo(new GigaCommand.ShowUsage());
        Invalid i = invalid("usage everyone");
        assertThat(i.problem()).isEqualTo("`/giga usage` takes nothing after it.");
        assertThat(i.usage()).isEqualTo(Usage.USAGE);
    }

    // ---- bad input: one test per reason, each naming the problem and giving the usage ----

    @Test
    void run_without_prompt_is_invalid() {
        Invalid i = invalid("run --hours 2");
        assertThat(i.problem()).contains("task is missing");
        assertThat(i.usage()).isEqualTo(Usage.RUN);
        assertThat(invalid("run").usage()).isEqualTo(Usage.RUN);
    }

    @Test
    void unknown_option_is_invalid() {
        Invalid i = invalid("run --colour red task");
        assertThat(i.problem()).contains("Unknown option").contains("--colour");
        assertThat(i.usage()).isEqualTo(Usage.RUN);
    }

    @Test
    void agent_only_option_on_desktop_is_invalid() {
        Invalid i = invalid("desktop --goal \"x\"");
        assertThat(i.problem()).contains("--goal").contains("only for `/giga run`");
        assertThat(i.usage()).isEqualTo(Usage.DESKTOP);
    }

    @Test
    void option_missing_its_value_is_invalid() {
        assertThat(invalid("run --platform").problem()).contains("--platform").contains("missing its value");
        assertThat(invalid("run --platform --hours 2 task").problem()).contains("--platform").contains("missing its value");
        assertThat(invalid("run --name= task").problem()).contains("--name").contains("missing its value");
        assertThat(invalid("run --name \"\" task").problem()).contains("--name").contains("empty");
    }

    @Test
    void unterminated_quote_is_invalid() {
        Invalid i = invalid("run --goal \"never closed task");
        assertThat(i.problem()).contains("--goal").contains("never closed");
        assertThat(invalid("run --name “curly task").problem()).contains("never closed");
    }

    @Test
    void hours_not_an_integer_is_invalid() {
        assertThat(invalid("run --hours two task").problem()).contains("Hours must be a whole number from 1 to 24")
                .contains("two");
        assertThat(invalid("run --hours 1.5 task").problem()).contains("1.5");
    }

    @Test
    void hours_out_of_range_is_invalid() {
        assertThat(invalid("run --hours 0 task").problem()).contains("1 to 24");
        assertThat(invalid("run --hours 25 task").problem()).contains("1 to 24");
        assertThat(invalid("run --hours 99999999999 task").problem()).contains("1 to 24");
        assertThat(invalid("desktop --hours -3").problem()).isNotBlank();
    }

    @Test
    void repeated_option_is_invalid() {
        assertThat(invalid("run --hours 2 --hours 3 task").problem()).contains("given twice");
    }

    @Test
    void desktop_with_a_prompt_is_invalid() {
        Invalid i = invalid("desktop open the browser");
        assertThat(i.problem()).contains("takes no task");
        assertThat(i.usage()).isEqualTo(Usage.DESKTOP);
    }

    @Test
    void unknown_subcommand_is_invalid() {
        Invalid i = invalid("Find the pricing on example.com");
        assertThat(i.problem()).contains("Unknown subcommand").contains("Find").contains("run");
        assertThat(i.usage()).isEqualTo(Usage.ALL);
    }

    @Test
    void missing_id_is_invalid() {
        assertThat(invalid("stop").problem()).contains("run ID is missing");
        assertThat(invalid("stop").usage()).isEqualTo(Usage.STOP);
        assertThat(invalid("status").usage()).isEqualTo(Usage.STATUS);
        assertThat(invalid("delete").usage()).isEqualTo(Usage.DELETE);
    }

    @Test
    void malformed_or_extra_id_is_invalid() {
        assertThat(invalid("stop r_1 r_2").problem()).contains("one run ID");
        assertThat(invalid("stop <!channel>").problem()).contains("not a run ID");
    }

    @Test
    void list_with_junk_is_invalid() {
        assertThat(invalid("list everything").usage()).isEqualTo(Usage.LIST);
    }

    @Test
    void long_input_is_quoted_back_short() {
        Invalid i = invalid("x".repeat(10_000));
        assertThat(i.problem().length()).isLessThan(200);
    }
}
