package io.gigaslack.store;

import io.gigaslack.testing.TestDatabases;

class H2JobQueueTest extends JobQueueCompatibility {
    @Override
    protected Database openDatabase() {
        return TestDatabases.h2();
    }
}
