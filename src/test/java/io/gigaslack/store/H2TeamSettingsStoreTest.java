package io.gigaslack.store;

import io.gigaslack.testing.TestDatabases;

class H2TeamSettingsStoreTest extends TeamSettingsStoreCompatibility {
    @Override
    protected Database openDatabase() {
        return TestDatabases.h2();
    }
}
