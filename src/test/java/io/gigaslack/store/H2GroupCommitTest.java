package io.gigaslack.store;

import io.gigaslack.testing.TestDatabases;

class H2GroupCommitTest extends GroupCommitCompatibility {
    @Override
    protected Database openDatabase() {
        return TestDatabases.h2();
    }
}
