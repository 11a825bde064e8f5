package io.gigaslack.store;

class H2RunRepositoryTest extends RunRepositoryCompatibility {
    @Override
    protected Database openDatabase() {
        return TestDatabases.h2();
    }
}
