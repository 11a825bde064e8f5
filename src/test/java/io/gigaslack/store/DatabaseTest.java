package io.gigaslack.store;

import io.gigaslack.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @Test
    void dialect_is_told_by_the_url() {
        assertThat(Dialect.fromUrl("jdbc:h2:file:./data/giga-slack;AUTO_SERVER=FALSE")).isEqualTo(Dialect.H2);
        assertThat(Dialect.fromUrl("jdbc:postgresql://db:5432/giga")).isEqualTo(Dialect.POSTGRESQL);
        assertThatThrownBy(() -> Dialect.fromUrl("jdbc:mysql://x/y?password=secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:h2:")
                .hasMessageNotContaining("secret");
    }

    @Test
    void h2_file_database_keeps_data_and_is_migrated_once(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("giga-slack").toAbsolutePath() + ";AUTO_SERVER=FALSE";
        try (Database db = Database.open(url, "sa", "")) {
            assertThat(db.dialect()).isEqualTo(Dialect.H2);
            new AuditLog(db.jdbc()).record("T1", "U1", "run.start", null, null, Instant.EPOCH);
        }
        try (Database db = Database.open(url, "sa", "")) {
            assertThat(new AuditLog(db.jdbc()).recent("T1", 5)).hasSize(1);
            assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '1' AND \"success\" = TRUE"))
                    .isEqualTo(1);
        }
    }

    @Test
    void transaction_rolls_back_when_the_work_throws() {
        try (Database db = TestDatabases.h2()) {
            assertThatThrownBy(() -> db.jdbc().useTransaction(tx -> {
                tx.update("INSERT INTO slack_events (event_key, first_seen) VALUES (?, ?)", "k", Instant.EPOCH);
                throw new IllegalStateException("boom");
            })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
            assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM slack_events")).isZero();
        }
    }
}
