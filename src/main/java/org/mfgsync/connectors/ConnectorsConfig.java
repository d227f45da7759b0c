package org.mfgsync.connectors;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the legacy-system connectors ({@code mfgsync.connectors.*}). What differs per environment (where a
 * system's files live, its credentials, whether it is reachable at all) is here; what differs per system (layout,
 * mapping, policy) is in the connector instances under {@code routes/} and in {@code mfgsync.mappings-dir}.
 */
@ConfigMapping(prefix = "mfgsync.connectors")
public interface ConnectorsConfig {

    /** Local folder where files fetched over SFTP/FTP are staged and streamed from, never held in memory. */
    @WithDefault("work/connectors")
    String workDir();

    /**
     * PKCS12 trust store with the certificates (or their CAs) of partners' FTPS servers, for bean {@code connectorTls};
     * without it the JDK's default trust store decides. Never a trust-all manager.
     */
    Optional<String> trustStoreFile();

    /** Password of {@link #trustStoreFile()}, from the environment or a Kubernetes Secret. */
    Optional<String> trustStorePassword();

    /** Connection of each connector instance, by instance id ({@code erp-legacy-a}, {@code supplier-acme}, ...). */
    Map<String, Endpoint> endpoints();

    interface Endpoint {

        /** Whether the instance polls at all; off where the system is not reachable (e.g. a local run). */
        @WithDefault("false")
        boolean enabled();

        /**
         * Where the files are: a folder for {@code file}, {@code host:port[/folder]} for {@code sftp} and {@code ftp};
         * connector instances may append their sub-folder (e.g. {@code /outbound}). Not used by staging-table
         * instances, which have a {@link #jdbcUrl()} instead, nor by REST instances.
         */
        Optional<String> location();

        /** User name for SFTP/FTP or the staging database; secrets come from the environment, never from git. */
        Optional<String> username();

        /** Password for SFTP/FTP or the staging database, from the environment or a Kubernetes Secret. */
        Optional<String> password();

        /**
         * SFTP: the OpenSSH known_hosts file that holds the server's host key ({@code [host]:port keytype base64});
         * instances pass it with {@code strictHostKeyChecking=yes}, so a server whose key is not in it is refused.
         */
        Optional<String> knownHostsFile();

        /** Milliseconds between two polls of the location. */
        @WithDefault("5000")
        long pollDelay();

        // ---- staging-table instances (org.mfgsync.connectors.staging) ----

        /**
         * JDBC URL of the system's own database holding its staging tables (e.g.
         * {@code jdbc:postgresql://erp-b-db:5432/erp}); H2 and PostgreSQL drivers are on the classpath. The pool is
         * built at run time and bound in Camel's registry as {@code <instance>-db}.
         */
        Optional<String> jdbcUrl();

        /** Most export documents (header rows) claimed and published in one transaction per poll. */
        @WithDefault("100")
        int batchSize();

        /** Most connections to the staging database at once. */
        @WithDefault("4")
        int maxConnections();

        // ---- REST instances (template connector-rest-outbound) ----

        /** Base URL of a REST instance's API, e.g. {@code https://edi.cobalt.example}; the route appends the path. */
        Optional<String> url();

        /** Bearer token a REST instance sends; from the environment or a Kubernetes Secret, never from git. */
        Optional<String> token();

        /** Connect and response timeout of a REST instance's calls, in milliseconds. */
        @WithDefault("10000")
        long timeoutMillis();
    }
}
