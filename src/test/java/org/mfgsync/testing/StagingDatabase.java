package org.mfgsync.testing;

import java.util.Map;

import javax.sql.DataSource;

/** A database holding erp-legacy-b's staging tables that a test can read and take down. */
public interface StagingDatabase {

    DataSource dataSource();

    void outage() throws Exception;

    void recover() throws Exception;

    /** The app's settings for erp-legacy-b on that database: enabled, polled often, small batches. */
    static Map<String, String> config(String jdbcUrl, String user) {
        return Map.of("mfgsync.connectors.endpoints.erp-legacy-b.enabled", "true",
                "mfgsync.connectors.endpoints.erp-legacy-b.jdbc-url", jdbcUrl,
                "mfgsync.connectors.endpoints.erp-legacy-b.username", user,
                "mfgsync.connectors.endpoints.erp-legacy-b.poll-delay", "300",
                "mfgsync.connectors.endpoints.erp-legacy-b.batch-size", "5");
    }
}
