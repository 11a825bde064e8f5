package io.gigaslack.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Names of files put on the computer's Desktop: one harmless name each, a clash suffixed. */
class DesktopNamesTest {

    @Test
    void a_plain_name_stays_as_it_is() {
        assertThat(DesktopNames.safe("Q3 sales (final).xlsx", "file")).isEqualTo("Q3 sales (final).xlsx");
        assertThat(DesktopNames.safe("Überblick – März.pdf", "file")).isEqualTo("Überblick – März.pdf");
    }

    @Test
    void path_separators_cannot_leave_the_desktop() {
        assertThat(DesktopNames.safe("../../etc/passwd", "file")).isEqualTo("_.._etc_passwd");
        assertThat(DesktopNames.safe("C:\\Users\\me\\notes.txt", "file")).isEqualTo("C:_Users_me_notes.txt");
        assertThat(DesktopNames.safe("/home/user/.bashrc", "file")).isEqualTo("_home_user_.bashrc");
    }

    @Test
    void leading_dots_go_so_nothing_is_hidden_or_a_parent() {
        assertThat(DesktopNames.safe(".env", "file")).isEqualTo("env");
        assertThat(DesktopNames.safe("...hidden.txt", "file")).isEqualTo("hidden.txt");
        assertThat(DesktopNames.safe("..", "file-f1")).isEqualTo("file-f1");
        assertThat(DesktopNames.safe(" . ", "file-f1")).isEqualTo("file-f1");
    }

    @Test
    void control_and_invisible_characters_are_replaced() {
        assertThat(DesktopNames.safe("a\nb\u0000c\u202Etxt.exe", "file")).isEqualTo("a_b_c_txt.exe");
    }

    @Test
    void an_empty_or_missing_name_gets_the_fallback() {
        assertThat(DesktopNames.safe(null, "file-f0abc")).isEqualTo("file-f0abc");
        assertThat(DesktopNames.safe("   ", "file-f0abc")).isEqualTo("file-f0abc");
        assertThat(DesktopNames.safe("///", "file-f0abc")).isEqualTo("file-f0abc");
    }

    @Test
    void a_long_name_is_cut_keeping_its_extension() {
        String name = DesktopNames.safe("x".repeat(300) + ".csv", "file");
        assertThat(name).hasSize(DesktopNames.MAX_CHARS).endsWith("x.csv");
        String emoji = DesktopNames.safe("😀".repeat(200) + ".txt", "file");
        assertThat(emoji.codePointCount(0, emoji.length())).isEqualTo(DesktopNames.MAX_CHARS);
        assertThat(emoji).endsWith("😀.txt");
    }

    @Test
    void a_clash_gets_a_suffix_before_the_extension() {
        assertThat(DesktopNames.unique("report.pdf", Set.of())).isEqualTo("report.pdf");
        assertThat(DesktopNames.unique("report.pdf", Set.of("report.pdf"))).isEqualTo("report-2.pdf");
        assertThat(DesktopNames.unique("report.pdf", Set.of("REPORT.PDF", "report-2.pdf"))).isEqualTo("report-3.pdf");
        assertThat(DesktopNames.unique("Makefile", Set.of("makefile"))).isEqualTo("Makefile-2");
        assertThat(DesktopNames.unique("archive.tar.gz", Set.of("archive.tar.gz"))).isEqualTo("archive.tar-2.gz");
    }
}
