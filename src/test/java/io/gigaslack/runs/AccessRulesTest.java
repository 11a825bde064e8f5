package io.gigaslack.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.runs.AccessRules.Control;
import io.gigaslack.runs.Decision.Reason;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessRulesTest {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final Run RUN = Run.requested("r_1", "T1", "C1", "U1", RunKind.AGENT,
            new RunParams("giga-standard", 1, "Book a table", "A confirmation", "", ""), "gs-r_1", "hash", T0);

    /** Lists keep their order, as the configuration's sets do. */
    static AccessRules rules(Collection<String> allowedChannels, Collection<String> deniedChannels,
            Collection<String> allowedUsers, Collection<String> allowedGroups, Collection<String> admins) {
        return new AccessRules(new LinkedHashSet<>(allowedChannels), new LinkedHashSet<>(deniedChannels),
                new LinkedHashSet<>(allowedUsers), new LinkedHashSet<>(allowedGroups), new LinkedHashSet<>(admins));
    }

    static final AccessRules OPEN = AccessRules.open();
    static final AccessRules WITH_ADMIN = rules(Set.of(), Set.of(), Set.of(), Set.of(), Set.of("UADMIN"));

    static void assertRefused(Decision d, Reason reason, String text) {
        assertThat(d.isAllowed()).isFalse();
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.text()).isEqualTo(text);
    }

    // ---- starting ----

    @Test
    void open_rules_let_anyone_start_anywhere() {
        assertThat(OPEN.mayStart("C1", "U9", Set.of()).isAllowed()).isTrue();
        assertThat(OPEN.mayStart("D1", "U9", null).isAllowed()).isTrue();
        assertThat(OPEN.restrictsStarters()).isFalse();
        assertThat(OPEN.needsUserGroups("U9")).isFalse();
    }

    @Test
    void refuses_start_in_denied_channel() {
        AccessRules r = rules(Set.of(), Set.of("CBAD"), Set.of(), Set.of(), Set.of());
        assertRefused(r.mayStart("CBAD", "U1", Set.of()), Reason.CHANNEL_DENIED,
                "Giga runs can't be started in this channel (GIGA_DENIED_CHANNELS). Start it in another channel.");
        assertThat(r.mayStart("COK", "U1", Set.of()).isAllowed()).isTrue();
    }

    @Test
    void refuses_start_in_denied_channel_even_for_an_admin_and_names_the_allowed_channels() {
        AccessRules r = rules(List.of("COK1", "COK2"), Set.of("CBAD"), Set.of(), Set.of(), Set.of("UADMIN"));
        assertRefused(r.mayStart("CBAD", "UADMIN", Set.of()), Reason.CHANNEL_DENIED,
                "Giga runs can't be started in this channel (GIGA_DENIED_CHANNELS). Start it in <#COK1> or <#COK2>.");
    }

    @Test
    void refuses_start_in_channel_not_allowed() {
        AccessRules r = rules(List.of("COK1", "COK2", "COK3"), Set.of(), Set.of(), Set.of(), Set.of());
        assertRefused(r.mayStart("COTHER", "U1", Set.of()), Reason.CHANNEL_NOT_ALLOWED,
                "Giga runs can only be started in <#COK1>, <#COK2> and <#COK3> (GIGA_ALLOWED_CHANNELS). Start it there.");
        assertThat(r.mayStart("COK2", "U1", Set.of()).isAllowed()).isTrue();
    }

    @Test
    void refuses_start_in_direct_message_when_channels_are_restricted() {
        AccessRules r = rules(List.of("COK1"), Set.of(), Set.of(), Set.of(), Set.of());
        assertThat(r.mayStart("D0123", "U1", Set.of()).reason()).isEqualTo(Reason.CHANNEL_NOT_ALLOWED);
        assertThat(r.mayStart(null, "U1", Set.of()).reason()).isEqualTo(Reason.CHANNEL_NOT_ALLOWED);
    }

    @Test
    void a_long_channel_list_is_cut_short() {
        AccessRules r = rules(List.of("C1", "C2", "C3", "C4", "C5", "C6", "C7"), Set.of(), Set.of(), Set.of(),
                Set.of());
        assertThat(r.mayStart("C9", "U1", Set.of()).text()).isEqualTo("Giga runs can only be started in <#C1>, <#C2>,"
                + " <#C3>, <#C4>, <#C5> and 2 other channels (GIGA_ALLOWED_CHANNELS). Start it there.");
    }

    @Test
    void refuses_start_by_user_not_allowed() {
        AccessRules r = rules(Set.of(), Set.of(), List.of("U1", "U2"), List.of("SDEV"), Set.of("UADMIN"));
        assertRefused(r.mayStart("C1", "U9", Set.of("SOTHER")), Reason.USER_NOT_ALLOWED,
                "Only <@U1>, <@U2>, members of <!subteam^SDEV> and the app's admins can start Giga runs"
                        + " (GIGA_ALLOWED_USERS, GIGA_ALLOWED_USERGROUPS). Ask one of them to start it for you.");
    }

    @Test
    void refuses_start_by_user_not_allowed_when_only_users_are_listed() {
        AccessRules r = rules(Set.of(), Set.of(), List.of("U1"), Set.of(), Set.of());
        assertRefused(r.mayStart("C1", "U9", Set.of()), Reason.USER_NOT_ALLOWED,
                "Only <@U1> can start Giga runs (GIGA_ALLOWED_USERS). Ask one of them to start it for you.");
        assertThat(r.mayStart("C1", null, Set.of()).reason()).isEqualTo(Reason.USER_NOT_ALLOWED);
    }

    @Test
    void refuses_start_by_user_outside_the_allowed_groups() {
        AccessRules r = rules(Set.of(), Set.of(), Set.of(), List.of("SDEV", "SOPS"), Set.of());
        assertRefused(r.mayStart("C1", "U9", null), Reason.USER_NOT_ALLOWED,
                "Only members of <!subteam^SDEV> or <!subteam^SOPS> can start Giga runs (GIGA_ALLOWED_USERGROUPS)."
                        + " Ask one of them to start it for you.");
    }

    @Test
    void allows_start_by_listed_user() {
        AccessRules r = rules(Set.of(), Set.of(), List.of("U1"), List.of("SDEV"), Set.of());
        assertThat(r.mayStart("C1", "U1", Set.of()).isAllowed()).isTrue();
        assertThat(r.needsUserGroups("U1")).isFalse();
    }

    @Test
    void allows_start_by_user_in_an_allowed_group() {
        AccessRules r = rules(Set.of(), Set.of(), List.of("U1"), List.of("SDEV"), Set.of());
        assertThat(r.needsUserGroups("U7")).isTrue();
        Decision d = r.mayStart("C1", "U7", Set.of("SOTHER", "SDEV"));
        assertThat(d.isAllowed()).isTrue();
        assertThat(d.reason()).isNull();
        assertThat(d.text()).isEmpty();
    }

    @Test
    void allows_start_by_configured_admin_outside_the_allowed_users() {
        AccessRules r = rules(Set.of(), Set.of(), List.of("U1"), Set.of(), Set.of("UADMIN"));
        assertThat(r.mayStart("C1", "UADMIN", Set.of()).isAllowed()).isTrue();
    }

    // ---- controlling a run ----

    @Test
    void allows_requester_to_control_their_run() {
        for (Control c : Control.values()) {
            assertThat(OPEN.mayControl(RUN, "U1", false, c).isAllowed()).isTrue();
        }
        assertThat(OPEN.mayControl(RUN, "U1", false).isAllowed()).isTrue();
    }

    @Test
    void allows_workspace_admin_or_owner_to_control_any_run() {
        assertThat(OPEN.mayControl(RUN, "U2", true, Control.STOP).isAllowed()).isTrue();
    }

    @Test
    void allows_configured_admin_to_control_any_run() {
        assertThat(WITH_ADMIN.mayControl(RUN, "UADMIN", false, Control.DELETE).isAllowed()).isTrue();
        assertThat(WITH_ADMIN.isConfiguredAdmin("UADMIN")).isTrue();
    }

    @Test
    void refuses_stop_by_someone_else() {
        assertRefused(WITH_ADMIN.mayControl(RUN, "U2", false, Control.STOP), Reason.NOT_OWNER,
                "Only <@U1>, workspace admins and owners, and the app's admins can stop this run.");
    }

    @Test
    void refuses_stop_by_someone_else_without_configured_admins() {
        assertRefused(OPEN.mayControl(RUN, "U2", false, Control.STOP), Reason.NOT_OWNER,
                "Only <@U1> and the workspace's admins and owners can stop this run.");
    }

    @Test
    void refuses_extend_retry_and_delete_by_someone_else_naming_the_action() {
        assertThat(OPEN.mayControl(RUN, "U2", false, Control.EXTEND).text()).endsWith("can extend this run.");
        assertThat(OPEN.mayControl(RUN, "U2", false, Control.RETRY).text()).endsWith("can retry this run.");
        assertThat(OPEN.mayControl(RUN, "U2", false, Control.DELETE).text()).endsWith("can delete this run.");
        assertRefused(OPEN.mayControl(RUN, "U2", false), Reason.NOT_OWNER,
                "Only <@U1> and the workspace's admins and owners can stop, extend, retry or delete this run.");
    }

    @Test
    void refuses_control_by_unknown_user() {
        assertThat(WITH_ADMIN.mayControl(RUN, null, false, Control.STOP).reason()).isEqualTo(Reason.NOT_OWNER);
    }
}
