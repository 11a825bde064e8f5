package io.gigaslack.store;

import io.gigaslack.testing.TestDatabases;

class H2InstallationStoreTest extends InstallationStoreCompatibility {
    @Override
    protected Database openDatabase() {
        return TestDatabases.h2();
    }
}
