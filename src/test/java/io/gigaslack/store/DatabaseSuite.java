package io.gigaslack.store;

import io.gigaslack.testing.TestDatabases;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the compatibility suites: one database per test class, emptied before each test. Subclasses say which
 * database; the tests are the same for all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseSuite {
    protected Database db;

    /** Opens (and migrates) the database for this suite. */
    protected abstract Database openDatabase();

    /** Why this database cannot be tested here (each test is then skipped with it), or null when it can. */
    protected String unavailableReason() {
        return null;
    }

    /** Releases what {@link #openDatabase} created beyond the pool (e.g. a PostgreSQL schema). */
    protected void dropDatabase() {}

    @BeforeAll
    void openOnce() {
        if (unavailableReason() == null) {
            db = openDatabase();
        }
    }

    @BeforeEach
    void cleanTables() {
        String reason = unavailableReason();
        assumeTrue(reason == null, reason);
        TestDatabases.clean(db);
    }

    @AfterAll
    void closeOnce() {
        if (db != null) {
            db.close();
            dropDatabase();
        }
    }
}
