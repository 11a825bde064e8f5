package io.gigaslack.store;

class H2StoreTest extends StoreCompatibility {
    @Override
    protected Database openDatabase() {
        return TestDatabases.h2();
    }
}
