package io.gigaslack.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CreditBalanceTest {
    private static final Instant T = Instant.parse("2026-03-05T14:20:00Z");

    private static CreditBalance total(String total) {
        return new CreditBalance("starter-pro", null, null, new BigDecimal(total), T);
    }

    @Test
    void the_balance_is_gigas_total_or_else_plan_credits_and_prepaid_together() {
        assertThat(new CreditBalance(null, new BigDecimal("150"), new BigDecimal("25"), new BigDecimal("170.5"), T)
                .credits()).isEqualByComparingTo("170.5");
        assertThat(new CreditBalance(null, new BigDecimal("150"), new BigDecimal("25"), null, T).credits())
                .isEqualByComparingTo("175");
        assertThat(new CreditBalance(null, new BigDecimal("40"), null, null, T).credits()).isEqualByComparingTo("40");
        assertThat(new CreditBalance(null, null, null, null, T).credits()).isNull();
    }

    @Test
    void a_first_fall_below_the_level_is_sent_and_a_second_reading_below_is_not() {
        assertThat(total("99.99").warning(100, false)).isEqualTo(CreditBalance.Warning.SEND);
        assertThat(total("12").warning(100, true)).isEqualTo(CreditBalance.Warning.NONE);
    }

    @Test
    void back_at_or_above_the_level_clears_the_warning_so_the_next_fall_is_sent_again() {
        assertThat(total("100").warning(100, true)).isEqualTo(CreditBalance.Warning.CLEAR);
        assertThat(total("100").warning(100, false)).isEqualTo(CreditBalance.Warning.NONE);
    }

    @Test
    void an_unknown_balance_changes_nothing_and_a_warning_turned_off_is_cleared() {
        CreditBalance unknown = new CreditBalance(null, null, null, null, T);
        assertThat(unknown.warning(100, true)).isEqualTo(CreditBalance.Warning.NONE);
        assertThat(unknown.warning(100, false)).isEqualTo(CreditBalance.Warning.NONE);
        assertThat(total("5").warning(0, false)).isEqualTo(CreditBalance.Warning.NONE);
        assertThat(total("5").warning(0, true)).isEqualTo(CreditBalance.Warning.CLEAR);
        assertThat(total("5").isBelow(0)).isFalse();
    }
}
