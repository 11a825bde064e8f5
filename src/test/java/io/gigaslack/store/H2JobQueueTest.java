package io.gigaslack.store;

class H2JobQueueTest extends JobQueueCompatibility {
    @Override
    protected Database openDatabase() {
        return TestDatabases.h2();
    }
}
