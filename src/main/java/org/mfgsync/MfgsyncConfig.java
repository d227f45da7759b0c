package org.mfgsync;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every {@code mfgsync.*} setting. A misspelled key under this prefix fails the start instead of being ignored.
 * Route files read the same keys as {@code {{mfgsync...}}} placeholders.
 */
@ConfigMapping(prefix = "mfgsync")
public interface MfgsyncConfig {

    /** Folder holding the YAML routes loaded at start ({@code routes/} beside the working directory by default). */
    @WithDefault("routes")
    String routesDir();

    /** Folder holding the JSON Schemas and XSDs that inbound messages are validated against. */
    @WithDefault("schemas")
    String schemasDir();

    Qms qms();

    /** Folder holding the declarative mappings and their golden tests, hot-reloaded like the routes. */
    @WithDefault("mappings")
    String mappingsDir();

    Reload reload();

    Admin admin();

    Erp erp();

    interface Qms {
        /** Instance id recorded as the source of events that come from the QMS API. */
        @WithDefault("qms-cloud")
        String instance();

        /** Base URL of the QMS's REST API (corrective actions, inspection schedule), e.g. {@code https://qms.example.com}. */
        String url();

        /** Time after which a call to the QMS counts as failed, in milliseconds. */
        @WithDefault("5000")
        int timeoutMillis();
    }

    interface Erp {
        Cloud cloud();

        interface Cloud {
            /** Base URL of the cloud ERP's REST API, e.g. {@code https://erp.example.com}. */
            String url();

            /** Time after which a call to the cloud ERP counts as failed, in milliseconds. */
            @WithDefault("5000")
            int timeoutMillis();
        }
    }

    interface Reload {
        /** Watch the routes and mappings folders and apply validated changes while running; false for immutable deployments. */
        @WithDefault("true")
        boolean enabled();

        /** A change set is applied once the folders have been quiet this long, in milliseconds. */
        @WithDefault("300")
        int settleMillis();

        /** Rescan interval in milliseconds when no file-system event arrives (network file systems send none). */
        @WithDefault("1000")
        int pollMillis();

        /** In-flight exchanges of a replaced route get this long to finish, in seconds. */
        @WithDefault("15")
        int stopTimeoutSeconds();

        /** Number of reload outcomes kept for {@code GET /api/v1/admin/reloads}. */
        @WithDefault("50")
        int historySize();
    }

    interface Admin {
        /** Bearer token for {@code /api/v1/admin/*}; without one the admin API refuses every call. Never commit it. */
        java.util.Optional<String> token();
    }
}
