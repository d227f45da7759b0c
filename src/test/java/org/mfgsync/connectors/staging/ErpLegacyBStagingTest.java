package org.mfgsync.connectors.staging;

import org.mfgsync.testing.ErpLegacyBDatabase;
import org.mfgsync.testing.StagingDatabase;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@link ErpLegacyBStagingSuite} with erp-legacy-b's database on H2 (in memory, behind an H2 TCP server). */
@QuarkusTest
@WithTestResource(TestStack.class)
class ErpLegacyBStagingTest extends ErpLegacyBStagingSuite {

    @Override
    StagingDatabase erp() {
        return new ErpLegacyBDatabase();
    }
}
