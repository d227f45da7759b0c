package org.mfgsync.connectors.staging;

import org.junit.jupiter.api.condition.EnabledIf;
import org.mfgsync.testing.ErpLegacyBOnPostgres;
import org.mfgsync.testing.KafkaBroker;
import org.mfgsync.testing.StagingDatabase;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@link ErpLegacyBStagingSuite} with erp-legacy-b's database on a real PostgreSQL. Runs where PostgreSQL is
 * installed; under {@code -Dtests.postgres=required} ({@code make test-postgres}) it runs everywhere and fails
 * where PostgreSQL cannot be started. A boot of its own: the shared {@link org.mfgsync.testing.TestStack} points the
 * same erp-legacy-b instance at H2, and the PostgreSQL server is started only where it runs.
 */
@QuarkusTest
@WithTestResource(KafkaBroker.class)
@WithTestResource(ErpLegacyBOnPostgres.class)
@EnabledIf("org.mfgsync.testing.PostgresServer#shouldRun")
class ErpLegacyBStagingOnPostgresTest extends ErpLegacyBStagingSuite {

    @Override
    StagingDatabase erp() {
        return new ErpLegacyBOnPostgres();
    }
}
