package org.mfgsync.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** make test-postgres must fail, not skip, where PostgreSQL is missing; a plain make test skips. */
class PostgresRequirementTest {

    @Test
    void shouldFailWhenPostgresIsRequiredButMissing() {
        assertThatThrownBy(() -> PostgresServer.binariesOrSkip(Optional.empty(), true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PostgreSQL is required");
    }

    @Test
    void shouldSkipWhenPostgresIsMissingAndNotRequired() {
        assertThatThrownBy(() -> PostgresServer.binariesOrSkip(Optional.empty(), false))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void shouldUseTheInstalledBinaries() {
        assertThat(PostgresServer.binariesOrSkip(Optional.of(Path.of("/usr/lib/postgresql/15/bin")), true))
                .isEqualTo(Path.of("/usr/lib/postgresql/15/bin"));
    }
}
