package io.gigaslack.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.runs.Signal.AgentFinished;
import io.gigaslack.runs.Signal.ComputerObserved;
import io.gigaslack.runs.Signal.StartConfirmed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Signals for a run arrive late, twice, or out of order; Giga's computer state, being re-read, only comes in order.
 * Whatever the arrival, the run ends where the clean sequence takes it and announces the same milestones once each.
 */
class RunMachinePropertyTest {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    /** One arrival scenario: the clean sequence, and a messy arrival of the same signals. */
    record Scenario(List<Signal> clean, List<Signal> arrived) {}

    @Property(tries = 2000)
    void any_duplication_or_reordering_ends_like_the_clean_sequence(@ForAll("scenarios") Scenario scenario) {
        Outcome clean = play(scenario.clean());
        Outcome messy = play(scenario.arrived());

        assertThat(withoutTimestamps(messy.run())).isEqualTo(withoutTimestamps(clean.run()));
        assertThat(messy.milestones()).doesNotHaveDuplicates();
        // Announcement order follows arrival (a stop seen before the agent's late outcome is announced first), so
        // the milestones are compared in their natural order.
        assertThat(sorted(messy.milestones())).isEqualTo(sorted(clean.milestones()));
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Integer> copies = Arbitraries.integers().between(1, 3);
        return Combinators.combine(Arbitraries.of(true, false), copies, copies, copies.list().ofSize(3))
                .flatAs((success, startCopies, finishCopies, observedCopies) -> {
                    int n = startCopies + finishCopies + observedCopies.stream().mapToInt(Integer::intValue).sum();
                    return Arbitraries.integers().between(0, 1000).list().ofSize(n)
                            .map(keys -> scenario(success, startCopies, finishCopies, observedCopies, keys));
                });
    }

    static Scenario scenario(boolean success, int startCopies, int finishCopies, List<Integer> observedCopies,
            List<Integer> keys) {
        StartConfirmed start = new StartConfirmed("dep-1", "thr-1", "sbx-1", "https://vnc/1");
        ComputerObserved provisioning = new ComputerObserved(ComputerState.PROVISIONING, "sbx-1", null, null);
        ComputerObserved running = new ComputerObserved(ComputerState.RUNNING, "sbx-1", "https://vnc/1",
                T0.plus(Duration.ofHours(2)));
        ComputerObserved stopped = new ComputerObserved(ComputerState.STOPPED, null, null, null);
        AgentFinished finished = success ? new AgentFinished(true, "Done: 42", null)
                : new AgentFinished(false, null, "Could not log in");
        List<Signal> clean = List.of(start, provisioning, running, finished, stopped);

        // Observations keep their order (each repeated 1-3 times); the others go anywhere, each 1-3 times.
        List<Signal> observations = new ArrayList<>();
        List<ComputerObserved> ordered = List.of(provisioning, running, stopped);
        for (int i = 0; i < ordered.size(); i++) {
            for (int c = 0; c < observedCopies.get(i); c++) {
                observations.add(ordered.get(i));
            }
        }
        List<Signal> others = new ArrayList<>();
        for (int c = 0; c < startCopies; c++) {
            others.add(start);
        }
        for (int c = 0; c < finishCopies; c++) {
            others.add(finished);
        }
        List<Integer> observationKeys = new ArrayList<>(keys.subList(0, observations.size()));
        observationKeys.sort(Comparator.naturalOrder());
        List<Integer> otherKeys = keys.subList(observations.size(), keys.size());

        List<Keyed> merged = new ArrayList<>();
        for (int i = 0; i < observations.size(); i++) {
            merged.add(new Keyed(observationKeys.get(i), 0, i, observations.get(i)));
        }
        for (int i = 0; i < others.size(); i++) {
            merged.add(new Keyed(otherKeys.get(i), 1, i, others.get(i)));
        }
        merged.sort(Comparator.comparingInt(Keyed::key).thenComparingInt(Keyed::group).thenComparingInt(Keyed::index));
        return new Scenario(clean, merged.stream().map(Keyed::signal).toList());
    }

    record Keyed(int key, int group, int index, Signal signal) {}

    record Outcome(Run run, List<Milestone> milestones) {}

    static Outcome play(List<Signal> signals) {
        Run run = Run.requested("r_1", "T1", "C1", "U1", RunKind.AGENT,
                new RunParams("giga-standard", 2, "Find it", "A link", "", ""), "gs-r_1", "hash", T0);
        List<Milestone> milestones = new ArrayList<>();
        Instant now = T0;
        for (Signal s : signals) {
            now = now.plusSeconds(30);
            Transition t = RunMachine.apply(run, s, now);
            run = t.after();
            milestones.addAll(t.milestones());
        }
        return new Outcome(run, milestones);
    }

    /** The run with the times taken from the clock (when a signal arrived) blanked out. */
    static Run withoutTimestamps(Run run) {
        return run.toBuilder().updatedAt(T0).readyAt(null).finishedAt(null).computerEndedAt(null).build();
    }

    static List<Milestone> sorted(List<Milestone> milestones) {
        return milestones.stream().sorted().toList();
    }
}
