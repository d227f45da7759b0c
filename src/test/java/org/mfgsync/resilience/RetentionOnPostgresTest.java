package org.mfgsync.resilience;

import java.sql.Connection;
import java.sql.Statement;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfgsync.testing.MigratedPostgres;

/**
 * The retention purge's chunked deletes on a real PostgreSQL (the production state database), whose DELETE has no
 * row limit. Skipped where PostgreSQL is not installed (failed instead with -Dtests.postgres=required, as make
 * test-postgres does).
 */
class RetentionOnPostgresTest extends RetentionTest {

    @RegisterExtension
    static final MigratedPostgres database = new MigratedPostgres();

    @Override
    @BeforeEach
    void freshDatabase() throws Exception {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE CAMEL_MESSAGEPROCESSED, workflow_step, trace_key, mfgsync_exception CASCADE");
            s.execute("TRUNCATE audit_log, mfgsync_cluster_lease");
        }
        db = database;
    }
}
