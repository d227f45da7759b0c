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

    Erp erp();

    interface Qms {
        /** Instance id recorded as the source of events that come from the QMS API. */
        @WithDefault("qms-cloud")
        String instance();
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
}
