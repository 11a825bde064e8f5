package io.gigaslack.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code export-db} moves distributed mode's installations and Giga keys along, readable with the same key. */
class InstallationsCopyTest {
    @Test
    void installations_and_giga_keys_are_copied_sealed_and_open_in_the_target_with_the_same_key() {
        Instant t0 = InstallationStoreCompatibility.T0;
        try (Database from = TestDatabases.h2(); Database to = TestDatabases.h2()) {
            SecretBox box = InstallationStoreCompatibility.BOX;
            new SlackInstallations(from.jdbc(), box).save(InstallationStoreCompatibility.workspace("T1", null,
                    InstallationStoreCompatibility.rotating("xoxe.xoxb-T1", t0.plus(Duration.ofHours(12)))));
            new GigaKeys(from.jdbc(), box).connect("T1", "giga_sk_live_copy_1234", "UADMIN", t0);
            new SlackInstallations(from.jdbc(), box).claimBotRefresh("T1", t0.plus(Duration.ofHours(12)), t0,
                    t0.plusSeconds(40));

            DatabaseCopy.Result r = DatabaseCopy.copy(from, to, t0);

            assertThat(r.rows()).containsEntry("slack_installations", 1).containsEntry("giga_accounts", 1);
            assertThat(new SlackInstallations(to.jdbc(), box).byWorkspace("T1").orElseThrow().bot().value())
                    .isEqualTo("xoxe.xoxb-T1");
            assertThat(new GigaKeys(to.jdbc(), box).apiKey("T1")).contains("giga_sk_live_copy_1234");
            // A refresh under way in the old database is not carried over.
            assertThat(new SlackInstallations(to.jdbc(), box).claimBotRefresh("T1", t0.plus(Duration.ofHours(12)),
                    t0, t0.plusSeconds(40))).isTrue();
        }
    }
}
