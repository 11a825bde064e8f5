package io.gigaslack.gigawork;

import io.gigaslack.store.Database;
import io.gigaslack.testing.TestDatabases;

class H2SharedRequestBudgetTest extends SharedRequestBudgetCompatibility {
    @Override
    protected Database openDatabase() {
        return TestDatabases.h2();
    }
}
