package dev.quartet.backend.rollbar;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class AppIdentityTest {

    @Test
    void theHostHasAName() {
        assertFalse(AppIdentity.host().isEmpty());
    }
}
