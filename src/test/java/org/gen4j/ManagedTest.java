package org.gen4j;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test whose tensors live in one manager {@link #m}, opened before and closed after each test. */
public abstract class ManagedTest {

    protected NDManager m;

    @BeforeEach
    void openManager() {
        m = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        m.close();
    }
}
