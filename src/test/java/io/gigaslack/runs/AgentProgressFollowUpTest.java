package io.gigaslack.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.runs.AgentProgress.State;
import io.gigaslack.runs.AgentProgress.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentProgressFollowUpTest {
    private static final Step FIRST = new Step("r1-step-1", "Read the task", State.DONE, null);
    private static final Step ASKED = new Step(AgentProgress.FOLLOW_UP + "7", "Follow-up: \u201cmore\u201d",
            State.IN_PROGRESS, null);

    @Test
    void a_follow_up_is_open_until_it_is_answered() {
        AgentProgress before = new AgentProgress(List.of(FIRST));
        assertThat(before.lastFollowUp()).isNull();
        assertThat(before.followUpOpen()).isFalse();

        AgentProgress asked = before.merged(List.of(ASKED, new Step("r2-step-1", "Read the task", State.PENDING,
                null)));
        assertThat(asked.lastFollowUp()).isEqualTo(ASKED);
        assertThat(asked.followUpOpen()).isTrue();
        assertThat(asked.steps()).extracting(Step::key).containsExactly("r1-step-1", ASKED.key(), "r2-step-1");

        AgentProgress answered = asked.merged(List.of(new Step(ASKED.key(), ASKED.title(), State.DONE, "Done")));
        assertThat(answered.followUpOpen()).isFalse();
        assertThat(answered.lastFollowUp().detail()).isEqualTo("Done");
        assertThat(answered.steps()).extracting(Step::key).as("where it was")
                .containsExactly("r1-step-1", ASKED.key(), "r2-step-1");
    }

    @Test
    void only_follow_ups_count_as_follow_ups() {
        assertThat(ASKED.isFollowUp()).isTrue();
        assertThat(FIRST.isFollowUp()).isFalse();
    }
}
