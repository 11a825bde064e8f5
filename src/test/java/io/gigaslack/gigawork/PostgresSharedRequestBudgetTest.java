package io.gigaslack.gigawork;

import io.gigaslack.store.Database;
import io.gigaslack.testing.TestDatabases;

class PostgresSharedRequestBudgetTest extends SharedRequestBudgetCompatibility {
    @Override
    protected Database openDatabase() {
        return TestDatabases.postgres(getClass());
    }

    @Override
    protected String unavailableReason() {
        return TestDatabases.postgresUnavailable();
    }

    @Override
    protected void dropDatabase() {
        TestDatabases.dropSchema(getClass());
    }
}
