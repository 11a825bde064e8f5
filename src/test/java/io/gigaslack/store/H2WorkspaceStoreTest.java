package io.gigaslack.store;

import io.gigaslack.testing.TestDatabases;

class H2WorkspaceStoreTest extends WorkspaceStoreCompatibility {
    @Override
    protected Database openDatabase() {
        return TestDatabases.h2();
    }
}
