package io.gigaslack.store;

import io.gigaslack.testing.TestDatabases;

class H2RunRepositoryTest extends RunRepositoryCompatibility {
    @Override
    protected Database openDatabase() {
        return TestDatabases.h2();
    }
}
