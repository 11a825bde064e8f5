package io.gigaslack.store;

import io.gigaslack.testing.TestDatabases;

class H2StoreTest extends StoreCompatibility {
    @Override
    protected Database openDatabase() {
        return TestDatabases.h2();
    }
}
