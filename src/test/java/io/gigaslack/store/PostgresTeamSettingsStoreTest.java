package io.gigaslack.store;

import io.gigaslack.testing.TestDatabases;

class PostgresTeamSettingsStoreTest extends TeamSettingsStoreCompatibility {
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
