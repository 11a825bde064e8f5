package io.gigaslack.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.runs.Signal.AgentFinished;
import io.gigaslack.runs.Signal.ComputerObserved;
import io.gigaslack.runs.Signal.Extended;
import io.gigaslack.runs.Signal.StartConfirmed;
import io.gigaslack.runs.Signal.StartRefused;
import io.gigaslack.runs.Signal.StopRequested;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunMachineTest {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final RunParams PARAMS = new RunParams("giga-standard", 2, "Book a table", "A confirmation", "", "");

    static Run agentRun() {
        return Run.requested("r_1", "T1", "C1", "U1", RunKind.AGENT, PARAMS, "gs-r_1", "hash", T0);
    }

    static Run desktopRun() {
        return Run.requested("r_2", "T1", "C1", "U1", RunKind.DESKTOP, new RunParams("giga-standard", 1, "", "", "", ""),
                "gs-r_2", "hash", T0);
    }

    static final StartConfirmed STARTED = new StartConfirmed("dep-1", "thr-1", "sbx-1", "https://vnc/1");
    static final ComputerObserved PROVISIONING = observed(ComputerState.PROVISIONING);
    static final ComputerObserved RUNNING = observed(ComputerState.RUNNING);
    static final ComputerObserved STOPPED = observed(ComputerState.STOPPED);
    static final AgentFinished SUCCEEDED = new AgentFinished(true, "Booked for 8 pm", null);
    static final AgentFinished FAILED = new AgentFinished(false, null, "The site was down");

    static ComputerObserved observed(ComputerState state) {
        return new ComputerObserved(state, null, null, null);
    }

    private int minute;

    /** Applies a signal a minute after the previous one. */
    Transition apply(Run run, Signal signal) {
        return RunMachine.apply(run, signal, T0.plus(Duration.ofMinutes(++minute)));
    }

    Run through(Run run, Signal... signals) {
        for (Signal s : signals) {
            run = apply(run, s).after();
        }
        return run;
    }

    Instant at(int m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    // --- each transition ---

    @Test
    void start_confirmed_records_the_ids_and_moves_a_pending_run_to_provisioning() {
        Transition t = apply(agentRun(), STARTED);

        assertThat(t.after().deploymentId()).isEqualTo("dep-1");
        assertThat(t.after().threadId()).isEqualTo("thr-1");
        assertThat(t.after().sandboxId()).isEqualTo("sbx-1");
        assertThat(t.after().vncUrl()).isEqualTo("https://vnc/1");
        assertThat(t.after().status()).isEqualTo(RunStatus.PROVISIONING);
        assertThat(t.after().computer()).isEqualTo(ComputerState.PROVISIONING);
        assertThat(t.after().updatedAt()).isEqualTo(at(1));
        assertThat(t.milestones()).isEmpty();
        assertThat(t.cardChanged()).isTrue();
    }

    @Test
    void start_refused_fails_a_pending_run_and_announces_it() {
        Transition t = apply(agentRun(), new StartRefused("Not enough credits"));

        assertThat(t.after().status()).isEqualTo(RunStatus.FAILED);
        assertThat(t.after().failureReason()).isEqualTo("Not enough credits");
        assertThat(t.after().finishedAt()).isEqualTo(at(1));
        assertThat(t.milestones()).containsExactly(Milestone.START_FAILED);
    }

    @Test
    void start_turned_away_notes_what_giga_answered_and_the_next_try_on_the_card_and_announces_nothing() {
        Run run = agentRun().toBuilder().startTries(new StartTries(2, null, null, null)).build();

        Transition t = apply(run, new Signal.StartTurnedAway("Giga answered 503 Service Unavailable", at(2)));

        assertThat(t.after().status()).isEqualTo(RunStatus.PENDING);
        assertThat(t.after().startTries()).isEqualTo(new StartTries(2, "Giga answered 503 Service Unavailable", at(1),
                at(2)));
        assertThat(t.cardChanged()).isTrue();
        assertThat(t.milestones()).isEmpty();
    }

    @Test
    void start_turned_away_after_the_start_was_confirmed_changes_nothing() {
        Run started = through(agentRun(), STARTED);

        Transition t = apply(started, new Signal.StartTurnedAway("Giga answered 503 Service Unavailable", at(9)));

        assertThat(t.changed()).isFalse();
        assertThat(t.after().startTries()).isEqualTo(StartTries.NONE);
    }

    @Test
    void computer_observed_provisioning_moves_a_pending_run_to_provisioning() {
        Transition t = apply(agentRun(), PROVISIONING);

        assertThat(t.after().status()).isEqualTo(RunStatus.PROVISIONING);
        assertThat(t.after().computer()).isEqualTo(ComputerState.PROVISIONING);
        assertThat(t.milestones()).isEmpty();
    }

    @Test
    void computer_running_makes_the_desktop_ready() {
        Transition t = apply(through(agentRun(), STARTED), RUNNING);

        assertThat(t.after().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(t.after().computer()).isEqualTo(ComputerState.RUNNING);
        assertThat(t.after().readyAt()).isEqualTo(at(2));
        assertThat(t.milestones()).containsExactly(Milestone.DESKTOP_READY);
    }

    @Test
    void computer_observed_keeps_sandbox_vnc_and_expiry_up_to_date_while_live() {
        Run run = through(agentRun(), STARTED);
        Transition t = apply(run, new ComputerObserved(ComputerState.RUNNING, "sbx-2", "https://vnc/2", at(90)));

        assertThat(t.after().sandboxId()).isEqualTo("sbx-2");
        assertThat(t.after().vncUrl()).isEqualTo("https://vnc/2");
        assertThat(t.after().expiresAt()).isEqualTo(at(90));
    }

    @Test
    void computer_stopped_before_the_agent_finished_stops_the_run() {
        Transition t = apply(through(agentRun(), STARTED, RUNNING), STOPPED);

        assertThat(t.after().status()).isEqualTo(RunStatus.STOPPED);
        assertThat(t.after().computer()).isEqualTo(ComputerState.STOPPED);
        assertThat(t.after().computerEndedAt()).isEqualTo(at(3));
        assertThat(t.after().finishedAt()).isEqualTo(at(3));
        assertThat(t.milestones()).containsExactly(Milestone.COMPUTER_STOPPED);
    }

    @Test
    void computer_stopped_after_the_agent_finished_keeps_the_outcome() {
        Transition t = apply(through(agentRun(), STARTED, RUNNING, SUCCEEDED), STOPPED);

        assertThat(t.after().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(t.after().finishedAt()).isEqualTo(at(3));
        assertThat(t.after().computerEndedAt()).isEqualTo(at(4));
        assertThat(t.milestones()).containsExactly(Milestone.COMPUTER_STOPPED);
    }

    @Test
    void agent_success_records_the_answer_and_mentions_the_requester() {
        Transition t = apply(through(agentRun(), STARTED, RUNNING), SUCCEEDED);

        assertThat(t.after().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(t.after().finalAnswer()).isEqualTo("Booked for 8 pm");
        assertThat(t.after().finishedAt()).isEqualTo(at(3));
        assertThat(t.milestones()).containsExactly(Milestone.AGENT_SUCCEEDED);
    }

    @Test
    void agent_failure_records_the_reason() {
        Transition t = apply(through(agentRun(), STARTED, RUNNING), FAILED);

        assertThat(t.after().status()).isEqualTo(RunStatus.FAILED);
        assertThat(t.after().failureReason()).isEqualTo("The site was down");
        assertThat(t.after().finalAnswer()).isNull();
        assertThat(t.milestones()).containsExactly(Milestone.AGENT_FAILED);
    }

    @Test
    void agent_finished_before_the_desktop_was_seen_ready_announces_the_desktop_first() {
        Transition t = apply(through(agentRun(), STARTED), SUCCEEDED);

        assertThat(t.milestones()).containsExactly(Milestone.DESKTOP_READY, Milestone.AGENT_SUCCEEDED);
        assertThat(t.after().computer()).isEqualTo(ComputerState.RUNNING);
        assertThat(t.after().readyAt()).isEqualTo(at(2));
    }

    @Test
    void agent_finished_is_ignored_for_desktop_runs() {
        Transition t = apply(through(desktopRun(), STARTED, RUNNING), SUCCEEDED);

        assertThat(t.after()).isEqualTo(t.before());
        assertThat(t.changed()).isFalse();
    }

    @Test
    void stop_requested_records_the_first_user_who_asked() {
        Run run = through(agentRun(), STARTED, RUNNING, new StopRequested("U7"));
        Transition t = apply(run, new StopRequested("U8"));

        assertThat(run.stoppedBy()).isEqualTo("U7");
        assertThat(t.after().stoppedBy()).isEqualTo("U7");
        assertThat(t.changed()).isFalse();
    }

    @Test
    void extension_only_moves_the_expiry_later() {
        Run run = through(agentRun(), STARTED, RUNNING, new Extended(at(120)));
        assertThat(run.expiresAt()).isEqualTo(at(120));

        Transition earlier = apply(run, new Extended(at(60)));
        assertThat(earlier.after().expiresAt()).isEqualTo(at(120));
        assertThat(earlier.changed()).isFalse();
        assertThat(apply(run, new Extended(at(180))).after().expiresAt()).isEqualTo(at(180));
    }

    @Test
    void a_signal_that_changes_nothing_leaves_updated_at_alone() {
        Run run = through(agentRun(), STARTED, RUNNING);
        Transition t = apply(run, RUNNING);

        assertThat(t.after()).isEqualTo(run);
        assertThat(t.cardChanged()).isFalse();
        assertThat(t.changed()).isFalse();
    }

    // --- never backwards ---

    @Test
    void repeated_start_confirmed_keeps_the_first_ids() {
        Run run = through(agentRun(), STARTED);
        Transition t = apply(run, new StartConfirmed("dep-2", "thr-2", "sbx-2", "https://vnc/2"));

        assertThat(t.after()).isEqualTo(run);
    }

    @Test
    void start_confirmed_after_the_desktop_is_ready_does_not_move_status_back() {
        Run run = through(agentRun(), RUNNING, STARTED);

        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.computer()).isEqualTo(ComputerState.RUNNING);
        assertThat(run.deploymentId()).isEqualTo("dep-1");
    }

    @Test
    void start_refused_after_the_start_was_confirmed_changes_nothing() {
        Run run = through(agentRun(), STARTED);
        Transition t = apply(run, new StartRefused("timeout"));

        assertThat(t.after()).isEqualTo(run);
        assertThat(t.milestones()).isEmpty();
    }

    @Test
    void late_provisioning_report_never_moves_a_running_computer_back() {
        Run run = through(agentRun(), STARTED, RUNNING);
        Transition t = apply(run, PROVISIONING);

        assertThat(t.after().computer()).isEqualTo(ComputerState.RUNNING);
        assertThat(t.after().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(t.milestones()).isEmpty();
    }

    @Test
    void late_running_report_never_brings_a_stopped_computer_back() {
        Run run = through(agentRun(), STARTED, RUNNING, STOPPED);
        Transition t = apply(run, new ComputerObserved(ComputerState.RUNNING, null, "https://vnc/old", at(500)));

        assertThat(t.after().computer()).isEqualTo(ComputerState.STOPPED);
        assertThat(t.after().status()).isEqualTo(RunStatus.STOPPED);
        assertThat(t.after().vncUrl()).isEqualTo(run.vncUrl());
        assertThat(t.after().expiresAt()).isEqualTo(run.expiresAt());
        assertThat(t.milestones()).isEmpty();
    }

    @Test
    void unknown_computer_state_keeps_what_was_known() {
        Run run = through(agentRun(), STARTED, RUNNING);
        Transition t = apply(run, new ComputerObserved(null, null, null, null));

        assertThat(t.after()).isEqualTo(run);
    }

    @Test
    void first_agent_outcome_stays() {
        Run run = through(agentRun(), STARTED, RUNNING, SUCCEEDED);
        Transition t = apply(run, FAILED);

        assertThat(t.after()).isEqualTo(run);
        assertThat(t.milestones()).isEmpty();
    }

    @Test
    void failed_start_is_not_undone_by_a_late_confirmation() {
        Run run = through(agentRun(), new StartRefused("No credits"), STARTED);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.failureReason()).isEqualTo("No credits");
    }

    @Test
    void agent_outcome_arriving_after_the_stop_replaces_stopped() {
        Run stopped = through(agentRun(), STARTED, RUNNING, STOPPED);
        Transition t = apply(stopped, SUCCEEDED);

        assertThat(t.after().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(t.after().finalAnswer()).isEqualTo("Booked for 8 pm");
        assertThat(t.after().finishedAt()).as("kept: the agent had finished by the stop").isEqualTo(at(3));
        assertThat(t.after().computer()).isEqualTo(ComputerState.STOPPED);
        assertThat(t.milestones()).containsExactly(Milestone.AGENT_SUCCEEDED);
        assertThat(apply(t.after(), FAILED).milestones()).isEmpty();
    }

    @Test
    void late_outcome_for_a_run_stopped_before_its_desktop_was_ready_does_not_announce_the_desktop() {
        Run stopped = through(agentRun(), STARTED, STOPPED);
        Transition t = apply(stopped, FAILED);

        assertThat(t.after().status()).isEqualTo(RunStatus.FAILED);
        assertThat(t.after().readyAt()).isNull();
        assertThat(t.milestones()).containsExactly(Milestone.AGENT_FAILED);
    }

    @Test
    void late_outcome_does_not_replace_a_failed_start() {
        Run refused = through(agentRun(), new StartRefused("No credits"));
        assertThat(apply(refused, SUCCEEDED).after()).isEqualTo(refused);
    }

    // --- each milestone at most once ---

    @Test
    void start_failed_is_announced_once() {
        Run run = through(agentRun(), new StartRefused("No credits"));
        assertThat(apply(run, new StartRefused("No credits")).milestones()).isEmpty();
    }

    @Test
    void desktop_ready_is_announced_once() {
        Run run = through(agentRun(), STARTED, RUNNING);
        assertThat(apply(run, RUNNING).milestones()).isEmpty();
        assertThat(apply(run, SUCCEEDED).milestones()).containsExactly(Milestone.AGENT_SUCCEEDED);
    }

    @Test
    void agent_outcome_is_announced_once() {
        Run succeeded = through(agentRun(), STARTED, RUNNING, SUCCEEDED);
        assertThat(apply(succeeded, SUCCEEDED).milestones()).isEmpty();
        Run failed = through(agentRun(), STARTED, RUNNING, FAILED);
        assertThat(apply(failed, FAILED).milestones()).isEmpty();
    }

    @Test
    void computer_stopped_is_announced_once_even_as_it_moves_on_to_deleted() {
        Run run = through(agentRun(), STARTED, RUNNING, STOPPED);
        Transition terminated = apply(run, observed(ComputerState.TERMINATED));
        Transition deleted = apply(terminated.after(), observed(ComputerState.DELETED));

        assertThat(terminated.after().computer()).isEqualTo(ComputerState.TERMINATED);
        assertThat(deleted.after().computer()).isEqualTo(ComputerState.DELETED);
        assertThat(terminated.milestones()).isEmpty();
        assertThat(deleted.milestones()).isEmpty();
        assertThat(deleted.after().computerEndedAt()).isEqualTo(run.computerEndedAt());
    }

    // --- expiry reminder ---

    @Test
    void expiry_reminder_is_due_within_the_lead_before_the_planned_end_once_per_end() {
        Duration lead = Duration.ofMinutes(10);
        // Two hours asked for: the planned end is at(120); the sandbox lives past it.
        Run run = through(agentRun(), STARTED, RUNNING, new Extended(at(130)));

        assertThat(RunMachine.expiryReminderDue(run, at(109), lead)).isFalse();
        assertThat(RunMachine.expiryReminderDue(run, at(110), lead)).isTrue();
        assertThat(RunMachine.expiryReminderDue(run, at(120), lead)).isFalse();
        assertThat(RunMachine.expiryReminderDue(run.toBuilder().remindedFor(at(120)).build(), at(115), lead)).isFalse();
        assertThat(RunMachine.expiryReminderDue(through(run, STOPPED), at(115), lead)).isFalse();
    }

    @Test
    void a_sandbox_ending_before_the_planned_end_is_reminded_of_only_when_it_is_about_to_be_lost() {
        Duration lead = Duration.ofMinutes(10);
        // The app extends the sandbox 8 minutes ahead; one 2 minutes from its end was not extended in time.
        Run run = through(agentRun(), STARTED, RUNNING, new Extended(at(60)));

        assertThat(RunMachine.expiryReminderDue(run, at(50), lead)).isFalse();
        assertThat(RunMachine.expiryReminderDue(run, at(57), lead)).isFalse();
        assertThat(RunMachine.expiryReminderDue(run, at(58), lead)).isTrue();
        assertThat(run.stopsAt()).isEqualTo(at(60));
    }

    @Test
    void a_computer_waiting_for_its_automatic_stop_gets_no_nearly_up_reminder() {
        Duration lead = Duration.ofMinutes(10);
        Run run = through(agentRun(), STARTED, RUNNING, new Extended(at(60)));
        Run waiting = run.toBuilder().autoStopAt(at(59)).build();

        assertThat(RunMachine.expiryReminderDue(run, at(58), lead)).as("without the automatic stop").isTrue();
        assertThat(RunMachine.expiryReminderDue(waiting, at(58), lead)).isFalse();
        assertThat(waiting.keepsComputerUntil()).isEqualTo(at(59));
        assertThat(waiting.holdsSlot()).as("still working").isTrue();
    }

    @Test
    void the_planned_end_is_the_hours_asked_for_and_moves_with_a_persons_extension_only() {
        Run run = through(agentRun(), STARTED, RUNNING, new Extended(at(15)));
        assertThat(run.plannedEnd()).isEqualTo(at(120));
        assertThat(through(run, new Extended(at(30))).plannedEnd()).as("an automatic extension").isEqualTo(at(120));
        assertThat(through(run, new Extended(at(30), at(135))).plannedEnd()).as("Extend pressed").isEqualTo(at(135));
    }
}
