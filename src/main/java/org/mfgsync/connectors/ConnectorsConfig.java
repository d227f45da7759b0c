package org.mfgsync.connectors;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the legacy-system connectors ({@code mfgsync.connectors.*}). What differs per environment (where a
 * system's files live, its credentials, whether it is reachable at all) is here; what differs per system (layout,
 * mapping, policy) is in the connector instances under {@code routes/} and in {@code mfgsync.mappings-dir}.
 */
@ConfigMapping(prefix = "mfgsync.connectors")
public interface ConnectorsConfig {

    /**
     * Local folder where files fetched over SFTP/FTP are staged and streamed from, never held in memory; its
     * {@code spool/} keeps a large flat file's records between the validating and the publishing pass (in files that
     * are unlinked as they are opened, so that none outlive the process).
     */
    @WithDefault("work/connectors")
    String workDir();

    /**
     * PKCS12 trust store with the certificates (or their CAs) of partners' FTPS servers, for bean {@code connectorTls};
     * without it the JDK's default trust store decides. Never a trust-all manager.
     */
    Optional<String> trustStoreFile();

    /** Password of {@link #trustStoreFile()}, from the environment or a Kubernetes Secret. */
    Optional<String> trustStorePassword();

    /**
     * Default of {@link Intake#stableFor()}: how long a file of a partner without a completion convention must keep
     * the same size and modification time, as seen by mfgsync's own polls, before it is taken. Long enough for an
     * upload that stalls (a slow link, a resumed transfer, a batch job writing in chunks); every file of such a
     * partner waits at least this long. A pause longer than this cannot be told from a finished upload: where that
     * matters the partner must use a marker file or a rename (see {@link Intake#completion()}).
     */
    @WithDefault("30s")
    Duration stableFor();

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
         * SFTP: the OpenSSH known_hosts file that holds the server's host key ({@code [host]:port keytype base64}).
         * Required for every SFTP instance: the host key is always checked strictly against it (there is no setting
         * that turns the check off), so a server whose key is not in it, or has changed, is refused and nothing is
         * taken from it.
         */
        Optional<String> knownHostsFile();

        /**
         * SFTP: the client's private key (OpenSSH or PEM, e.g. ECDSA, RSA, Ed25519) for public-key authentication,
         * a file mounted from a Kubernetes Secret, never in git. With a {@link #password()} as well, the key is tried
         * first.
         */
        Optional<String> privateKeyFile();

        /**
         * SFTP: passphrase of an encrypted {@link #privateKeyFile()}, from the environment or a Kubernetes Secret;
         * never logged (Camel masks it in endpoint URIs).
         */
        Optional<String> privateKeyPassphrase();

        /**
         * FTP instances (transport {@code ftp}): TLS of the connection, {@code explicit} (default: FTPS, AUTH TLS on
         * the control port), {@code implicit} (FTPS, TLS from the first byte) or {@code none} (plain FTP: user name,
         * password and files unencrypted), which is refused unless {@link #plainFtpWaiver()} is set.
         */
        @WithDefault("explicit")
        FtpTls tls();

        /**
         * Why this instance may use plain FTP ({@code tls=none}), e.g. a ticket or the partner's limitation; logged
         * once as a warning at start, naming the instance and this reason.
         */
        Optional<String> plainFtpWaiver();

        /** Milliseconds between two polls of the location. */
        @WithDefault("5000")
        long pollDelay();

        /** When an inbound file counts as completely delivered, and what happens to one that is not. */
        Intake intake();

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

    /** TLS of an FTP instance's connection. */
    enum FtpTls {
        /** FTPS, explicit: the client switches the control connection to TLS (AUTH TLS) before logging in. */
        EXPLICIT,
        /** FTPS, implicit: TLS from the first byte, usually on port 990. */
        IMPLICIT,
        /** Plain FTP: only with a {@link Endpoint#plainFtpWaiver()}. */
        NONE
    }

    /** How a partner tells that a file is completely delivered: the partner's convention, agreed with it. */
    enum Completion {
        /**
         * No convention: a file is taken once its size and modification time stayed the same for
         * {@link Intake#stableFor()} (the safe default, at the price of that delay on every file).
         */
        STABLE,
        /**
         * A marker file ({@link Intake#markerFile()}, e.g. {@code PO_1.csv.done}) is written once the file is
         * complete; a file without its marker is never taken. The marker is removed once the file is archived.
         */
        MARKER,
        /**
         * The partner writes under a temporary name ({@link Intake#tempNames()}: {@code .part}, {@code .tmp}, hidden)
         * and renames the file when it is complete: a file under its final name is taken at the next poll.
         */
        RENAME
    }

    /** Complete-delivery detection and archive handling of one inbound file connector instance. */
    interface Intake {

        /** The partner's completion convention: {@code stable} (default), {@code marker} or {@code rename}. */
        @WithDefault("stable")
        Completion completion();

        /**
         * Convention {@code marker}: the marker's name, {@code {name}} standing for the file's whole name and
         * {@code {base}} for it without its last extension ({@code {name}.done}: {@code PO_1.csv.done};
         * {@code {base}.ok}: {@code PO_1.ok}).
         */
        @WithDefault("{name}.done")
        String markerFile();

        /**
         * Convention {@code stable}: how long size and modification time must stay the same; unset, the connectors'
         * default {@link ConnectorsConfig#stableFor()} (30 s).
         */
        Optional<Duration> stableFor();

        /**
         * Names (a regular expression over the whole name, case-insensitive) that are temporary whatever the
         * convention: never taken, whatever the include pattern says. Names starting with a dot are never taken either.
         */
        @WithDefault(".*[.](part|tmp|partial|filepart|crdownload|upload)|.*~")
        String tempNames();

        /**
         * A file whose own completeness check (its trailer count, a missing trailer) says it is incomplete is left in
         * place and looked at again whenever it changes; still incomplete this long after it was first found so, it
         * is rejected to {@code .error/} with that reason.
         */
        @WithDefault("1h")
        Duration incompleteDeadline();

        /**
         * Attempts at the same file (same name and content) that did not finish — a crash in its middle, or a failure
         * that is not an outage of a target — after which it is quarantined: moved to {@code .error/} with a reason
         * naming the attempts and the last failure, instead of being taken again and again.
         */
        @WithDefault("5")
        int maxAttempts();

        /**
         * The largest file taken (e.g. {@code 512M}, {@code 2G}); a larger one is rejected to {@code .error/} with this
         * limit named — checked on the listing, so over SFTP/FTP it is never downloaded.
         */
        @WithDefault("2G")
        MemorySize maxFileSize();

        /**
         * The longest line of a flat file, in characters (its line end not counted); a longer one rejects the file
         * naming this limit as soon as it is met, before the line is held in memory.
         */
        @WithDefault("65536")
        int maxLineLength();

        /** Most records (header and trailer not counted) in one flat file; one more rejects the file naming this limit. */
        @WithDefault("10000000")
        long maxRecords();
    }
}
