package org.mfgsync.connectors.flatfile;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.xml.transform.Templates;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.support.SynchronizationAdapter;
import org.jboss.logging.Logger;
import org.mfgsync.MfgsyncConfig;
import org.mfgsync.backbone.CanonicalMessages;
import org.mfgsync.backbone.Ids;
import org.mfgsync.backbone.LogText;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.canonical.IntakeKeys;
import org.mfgsync.connectors.ConnectorsConfig;
import org.mfgsync.connectors.mapping.MappedEvents;
import org.mfgsync.connectors.xml.XmlDocuments;
import org.mfgsync.connectors.xml.XsltMappings;
import org.mfgsync.mapping.MappingRegistry;
import org.mfgsync.resilience.ClaimedElsewhereException;

/**
 * The steps of the file connector template ({@code routes/connectors/file-inbound.camel.yaml}). Everything that
 * differs per connector instance arrives as exchange properties set by the template from its parameters; nothing
 * here knows a particular system.
 */
@ApplicationScoped
@Named("fileConnector")
public class FileConnector {

    // exchange properties set by the route template
    public static final String INSTANCE = "connectorInstance";
    public static final String LAYOUT = "connectorLayout";
    public static final String STREAM = "connectorStream";
    public static final String ENCODING = "connectorEncoding";
    public static final String GROUP_BY = "connectorGroupBy";
    public static final String POLICY = "connectorRecordErrorPolicy";
    public static final String MAPPING = "connectorMapping";
    public static final String PARTITION_KEY = "connectorPartitionKey";
    public static final String FORMAT = "connectorFormat";
    public static final String MAX_DOCUMENT_BYTES = "connectorMaxDocumentBytes";

    // exchange properties this class sets
    public static final String FILE_NAME = "connectorFileName";
    public static final String CHECKSUM = "connectorFileChecksum";
    public static final String INTAKE_KEY = "connectorFileIntakeKey";
    public static final String SCAN = "connectorFileScan";
    public static final String REJECTED = "connectorFileRejected";
    public static final String REPORT = "connectorFileReport";
    public static final String DUPLICATE = "connectorFileDuplicate";
    public static final String ARCHIVE_NAME = "connectorFileArchiveName";
    /** A partner's CSV dialect bound by header name onto the layout ({@link CsvDialect}), or {@value #NO_DIALECT}. */
    public static final String DIALECT = "connectorDialect";
    static final String NO_DIALECT = "none";
    /** The file's name, its rejection reason and its reason file's name as log lines show them ({@link LogText#escape}). */
    public static final String LOGGED_NAME = "connectorFileNameLogged";
    public static final String LOGGED_REASON = "connectorFileReasonLogged";
    public static final String LOGGED_REASON_FILE = "connectorReasonFileLogged";
    /** XML only: the canonical event drafts the XSLT mapping made from the document, checked before anything is published. */
    public static final String XML_DRAFTS = "connectorXmlDrafts";

    /** Business key of every event taken in from a file: the file's name as received (no path), for the trace. */
    public static final String FILE_NAME_KEY = IntakeKeys.FILE_NAME;

    /** Values of the template's {@code format} parameter: csv and fixed are read through a BeanIO layout. */
    static final String FORMAT_XML = "xml";

    private static final Logger LOG = Logger.getLogger("org.mfgsync.connectors");
    /** Files found claimed by another intake and already reported (forgotten once taken, or all past the limit). */
    private final Set<String> reportedClaimed = ConcurrentHashMap.newKeySet();
    private static final int REPORTED_CLAIMED_LIMIT = 10_000;

    static final String DONE = ".done";
    static final String ERROR = ".error";
    static final String REASON_SUFFIX = ".reason.txt";

    private final Path mappingsDir;
    private final FlatFiles flatFiles;
    private final XmlDocuments xmlDocuments = new XmlDocuments();
    private final MappingRegistry mappings;
    private final MappedEvents events;
    private final Clock clock;
    private FileIntakeClaims intakeClaims;
    private CompleteDeliveries deliveries;
    private FileIntakeAttempts intakeAttempts;

    /**
     * The connector instances read their endpoints as {@code {{mfgsync.connectors...}}} placeholders; taking
     * {@link ConnectorsConfig} here makes those keys typed and checked at start (a misspelled one fails it).
     */
    /** The progress of the files being taken in ({@code GET /api/v1/file-jobs}); absent where no container made this. */
    @Inject
    FileJobs jobs;

    @Inject
    public FileConnector(MfgsyncConfig config, ConnectorsConfig connectors, MappingRegistry mappings,
            @Named("fileIntakeIdempotency") FileIntakeClaims intakeClaims, CompleteDeliveries deliveries,
            FileIntakeAttempts intakeAttempts) {
        this(Path.of(config.mappingsDir()), mappings, Clock.systemDefaultZone(), Ids::randomUuid,
                new FlatFiles(Path.of(connectors.workDir()).resolve("spool")));
        this.intakeClaims = intakeClaims;
        this.deliveries = deliveries;
        this.intakeAttempts = intakeAttempts;
    }

    FileConnector(Path mappingsDir, MappingRegistry mappings, Clock clock, Supplier<UUID> eventIds) {
        this(mappingsDir, mappings, clock, eventIds, new FlatFiles());
    }

    private FileConnector(Path mappingsDir, MappingRegistry mappings, Clock clock, Supplier<UUID> eventIds,
            FlatFiles flatFiles) {
        this.flatFiles = flatFiles;
        this.mappingsDir = mappingsDir;
        this.mappings = mappings;
        this.clock = clock;
        this.events = new MappedEvents(clock, eventIds);
    }

    /**
     * First step after correlation: refuses a file name with path components and fingerprints the content
     * (SHA-256, streamed), which with the name makes the key that recognises a re-delivered identical file.
     */
    public void accept(Exchange exchange) {
        String name = fileName(exchange);
        exchange.setProperty(FILE_NAME, name);
        if (jobs != null) {
            jobs.started(exchange, exchange.getProperty(INSTANCE, String.class), name);
        }
        exchange.setProperty(LOGGED_NAME, LogText.escape(name));
        // the name as listed too: a remote consumer turns backslashes into separators before the last segment is taken
        String problem = FileNames.problem(name);
        GenericFile<?> listed = exchange.getProperty(Exchange.FILE_EXCHANGE_FILE, GenericFile.class);
        if (problem == null && listed != null) {
            problem = FileNames.problem(listed.getRelativeFilePath());
        }
        if (problem != null) {
            throw new FileRejectedException("The file name is refused: " + problem);
        }
        Digest digest = digest(input(exchange));
        String checksum = digest.sha256();
        exchange.setProperty(CHECKSUM, checksum);
        // the listing's size was checked before the download (CompleteDeliveryLock); this is what actually arrived
        FileLimits limits = limits(exchange);
        if (digest.bytes() > limits.maxFileBytes()) {
            throw new FileRejectedException(limits.fileTooLarge(digest.bytes()));
        }
        String instance = exchange.getProperty(INSTANCE, String.class);
        String key = instance + ":" + name + ":" + checksum;
        if (key.length() > 255) {
            key = instance + ":" + sha256(() -> new ByteArrayInputStream(name.getBytes(StandardCharsets.UTF_8))) + ":"
                    + checksum;
        }
        exchange.setProperty(INTAKE_KEY, key);
    }

    /**
     * First pass over the file: every record validated; throws {@link FileRejectedException} per the policy. An XML
     * document is guarded, validated against its XSD and mapped here, so that a document the mapping cannot handle is
     * rejected before anything of it is published.
     */
    public void validate(Exchange exchange) {
        if (isXml(exchange)) {
            List<Object> drafts = xmlDocuments.read(input(exchange), xmlFormat(exchange), xsltMapping(exchange),
                    Map.of("instance", exchange.getProperty(INSTANCE, String.class)));
            if (drafts.isEmpty()) {
                throw new FileRejectedException("The document holds no confirmation the mapping could turn into an event");
            }
            FlatFileScan scan = new FlatFileScan();
            drafts.forEach(draft -> scan.countRecord());
            exchange.setProperty(SCAN, scan);
            if (jobs != null) {
                jobs.scanned(exchange, scan);
            }
            exchange.setProperty(XML_DRAFTS, drafts);
            return;
        }
        FlatFileScan scan;
        try {
            scan = flatFiles.scan(input(exchange), format(exchange),
                    RecordErrorPolicy.of(exchange.getProperty(POLICY, String.class)), limits(exchange));
        } catch (FileIncompleteException incomplete) {
            throw leftOrRejected(exchange, incomplete);
        }
        exchange.setProperty(SCAN, scan);
        if (jobs != null) {
            jobs.scanned(exchange, scan);
        }
        // the records the scan kept for the second pass, if it never came (a duplicate, a failure before it)
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                scan.discardSpool();
            }
        });
    }

    /**
     * A file whose own content says it is incomplete: left where it is (the exception is rethrown, so that the consumer
     * rolls back and looks at the file again once it changed) until the instance's deadline, counted from the first
     * time it was found so; then rejected with the reason.
     */
    private RuntimeException leftOrRejected(Exchange exchange, FileIncompleteException incomplete) {
        String instance = exchange.getProperty(INSTANCE, String.class);
        String name = exchange.getProperty(FILE_NAME, String.class);
        CompleteDeliveries.Observation observed = exchange.getProperty(CompleteDeliveryLock.OBSERVATION,
                CompleteDeliveries.Observation.class);
        if (deliveries == null || observed == null) {
            return new FileRejectedException(incomplete.reason());
        }
        Duration deadline = deliveries.settings(instance).incompleteDeadline();
        Instant since = deliveries.foundIncomplete(observed);
        if (!clock.instant().isBefore(since.plus(deadline))) {
            return new FileRejectedException(incomplete.reason() + "; still so " + human(deadline)
                    + " after it was first found incomplete (" + since + ")");
        }
        LOG.infof("File incomplete, left in place until it changes or until %s instance=%s file=%s reason=%s",
                since.plus(deadline), instance, LogText.escape(name), incomplete.reason());
        return incomplete;
    }

    static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    /** Second pass: the groups of valid records, streamed, each ready to be mapped (XML: the mapped drafts). */
    public Iterator<?> groups(Exchange exchange) {
        if (isXml(exchange)) {
            return exchange.getProperty(XML_DRAFTS, List.class).iterator();
        }
        return flatFiles.groups(input(exchange), format(exchange), exchange.getProperty(SCAN, FlatFileScan.class));
    }

    /**
     * Split step: one group of records becomes one canonical event through the instance's JSONata mapping as it is
     * in force in the {@link MappingRegistry} (validated, swapped with its change set by the hot reload), written
     * with the backbone's headers and keyed by the business key the template names.
     */
    public void toCanonical(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> group = exchange.getMessage().getBody(Map.class);
        Object mapped;
        if (isXml(exchange)) {
            mapped = group;
        } else {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("instance", exchange.getProperty(INSTANCE, String.class));
            input.put("file", exchange.getProperty(FILE_NAME, String.class));
            input.putAll(group);
            mapped = mappings.evaluate(exchange.getProperty(MAPPING, String.class), input);
        }
        String correlationId = exchange.getProperty(EventHeaders.CORRELATION_ID, String.class);
        String fileName = exchange.getProperty(FILE_NAME, String.class);
        Map<String, String> intake = new LinkedHashMap<>();
        if (fileName != null) {
            intake.put(FILE_NAME_KEY, fileName);
            // flat files: the line the group's first record starts at, so the trace points into the file
            if (group.get("firstLine") instanceof Number line && line.longValue() > 0) {
                intake.put(IntakeKeys.FILE_LINE, Long.toString(line.longValue()));
            }
        }
        EventEnvelope<Object> event = events.envelope(mapped, correlationId, null, intake);
        String keyName = exchange.getProperty(PARTITION_KEY, String.class);
        String partitionKey = event.businessKeys().get(keyName);
        if (partitionKey == null) {
            throw new IllegalStateException("The mapping gave no business key '" + keyName + "' to partition by");
        }
        CanonicalMessages.write(exchange.getMessage(), event, partitionKey);
        if (jobs != null) {
            jobs.published(exchange);
        }
    }

    /**
     * Claims the file for this intake (key: instance, name, SHA-256), confirmed when the exchange completes and
     * released when it fails. A file processed to its end before is a duplicate (property {@value #DUPLICATE}); one
     * that is only claimed — another replica is on it, or an instance died in its middle and the claim's lease has
     * not run out — is left where it is ({@link FileClaimedException}) and taken again at a later poll, from its start.
     */
    public void claim(Exchange exchange) {
        String key = exchange.getProperty(INTAKE_KEY, String.class);
        boolean claimed;
        try {
            claimed = intakeClaims.add(key);
        } catch (ClaimedElsewhereException inProgress) {
            claimed = false;
        }
        if (claimed) {
            reportedClaimed.remove(key);
            FileIntakeAttempts.Attempts attempts = intakeAttempts.begin(key);
            int maxAttempts = deliveries.settings(exchange.getProperty(INSTANCE, String.class)).maxAttempts();
            boolean quarantine = attempts.count() > maxAttempts;
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onComplete(Exchange completed) {
                    if (quarantine) {
                        // not done: the same file, once fixed whatever failed, may be delivered again
                        intakeClaims.remove(key);
                    } else {
                        intakeClaims.confirm(key);
                    }
                    intakeAttempts.finished(key);
                }

                @Override
                public void onFailure(Exchange failed) {
                    intakeClaims.remove(key);
                    Throwable cause = failed.getException();
                    if (isOutage(cause)) {
                        intakeAttempts.notCounted(key);
                    } else {
                        Throwable root = cause;
                        while (root != null && root.getCause() != null && root.getCause() != root) {
                            root = root.getCause();
                        }
                        intakeAttempts.failed(key, root == null ? "failed" : root.getClass().getSimpleName() + ": " + root.getMessage());
                    }
                }
            });
            exchange.setProperty(DUPLICATE, false);
            if (quarantine) {
                throw new FileRejectedException("Quarantined: taken " + (attempts.count() - 1) + " times without being"
                        + " finished (the maximum is " + maxAttempts + "); last failure: "
                        + (attempts.lastError() == null ? "none recorded (the process stopped in the middle of the file)"
                                : attempts.lastError()));
            }
            return;
        }
        if (intakeClaims.done(key)) {
            exchange.setProperty(DUPLICATE, true);
            return;
        }
        // once per file at INFO (it is found so at every poll, a few times a second, until the claim ends)
        if (reportedClaimed.size() > REPORTED_CLAIMED_LIMIT) {
            reportedClaimed.clear();
        }
        LOG.logf(reportedClaimed.add(key) ? Logger.Level.INFO : Logger.Level.DEBUG,
                "File is claimed and not finished, left for a later poll instance=%s file=%s sha256=%s",
                exchange.getProperty(INSTANCE, String.class), LogText.escape(exchange.getProperty(FILE_NAME, String.class)),
                exchange.getProperty(CHECKSUM, String.class));
        throw new FileClaimedException("File " + exchange.getProperty(FILE_NAME, String.class)
                + " is claimed by an intake that has not finished it");
    }

    /** A failure because a target (Kafka, a connection, the state database) was down: the file itself is not at fault. */
    static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.KafkaException || t instanceof java.io.IOException
                    || t instanceof java.sql.SQLTransientException || t instanceof java.sql.SQLRecoverableException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where the consumer moves the input once done: {@code .error/} after a rejection, {@code .done/} otherwise, under
     * the delivery's own archive name ({@link #archiveName}), so that no earlier delivery of the same name is replaced.
     */
    public String moveTarget(Exchange exchange) {
        String folder = Boolean.TRUE.equals(exchange.getProperty(REJECTED, Boolean.class)) ? ERROR : DONE;
        return folder + "/" + archiveName(exchange);
    }

    /**
     * The name this delivery is archived under, the same for the input and its reason file: the file's name with the
     * UTC time it was taken and a sequence number before its extension ({@code PO_1.csv} becomes
     * {@code PO_1.20261127T081542123Z-0001.csv}). Sorting an archive by name lists every delivery of a name together,
     * oldest first.
     */
    public String archiveName(Exchange exchange) {
        String archived = exchange.getProperty(ARCHIVE_NAME, String.class);
        if (archived == null) {
            archived = FileNames.archived(fileName(exchange), clock.instant());
            exchange.setProperty(ARCHIVE_NAME, archived);
        }
        return archived;
    }

    /**
     * Rejection handler: the body becomes the reason file, written beside the input in {@code .error/}; the input
     * follows it there.
     */
    public void rejected(Exchange exchange) {
        FileRejectedException rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, FileRejectedException.class);
        String reason = rejection == null ? "rejected" : rejection.reason();
        if (jobs != null) {
            jobs.rejected(exchange, reason);
        }
        String name = fileName(exchange);
        StringBuilder text = header(exchange, name, "REJECTED: " + reason);
        if (rejection != null) {
            rejection.details().forEach(error -> text.append(error).append('\n'));
        }
        exchange.setProperty(REJECTED, true);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, ERROR + "/" + safe(archiveName(exchange)) + REASON_SUFFIX);
        exchange.setProperty(LOGGED_NAME, LogText.escape(name));
        exchange.setProperty(LOGGED_REASON, LogText.escape(reason));
        exchange.setProperty(LOGGED_REASON_FILE, LogText.escape(exchange.getMessage().getHeader(Exchange.FILE_NAME)));
        exchange.getMessage().setBody(text.toString());
    }

    /**
     * After a file whose invalid records were passed over: the report of those records goes beside the input in
     * {@code .done/}; property {@value #REPORT} tells whether there is one.
     */
    public void report(Exchange exchange) {
        FlatFileScan scan = exchange.getProperty(SCAN, FlatFileScan.class);
        exchange.setProperty(REPORT, scan != null && scan.invalidRecords() > 0);
        if (scan == null || scan.invalidRecords() == 0) {
            return;
        }
        String name = fileName(exchange);
        StringBuilder text = header(exchange, name, "PARTLY PROCESSED: " + scan.invalidRecords() + " of " + scan.records()
                + " records are invalid; the groups they belong to were not published: "
                + String.join(", ", scan.heldBackGroups().stream().sorted().toList()));
        scan.errors().forEach(error -> text.append(error).append('\n'));
        exchange.getMessage().setHeader(Exchange.FILE_NAME, DONE + "/" + archiveName(exchange) + REASON_SUFFIX);
        exchange.setProperty(LOGGED_REASON_FILE, LogText.escape(exchange.getMessage().getHeader(Exchange.FILE_NAME)));
        exchange.getMessage().setBody(text.toString());
    }

    private StringBuilder header(Exchange exchange, String name, String outcome) {
        return new StringBuilder()
                .append("file: ").append(name).append('\n')
                .append("archivedAs: ").append(archiveName(exchange)).append('\n')
                .append("instance: ").append(exchange.getProperty(INSTANCE, String.class)).append('\n')
                .append("sha256: ").append(exchange.getProperty(CHECKSUM, "", String.class)).append('\n')
                .append("correlationId: ").append(exchange.getProperty(EventHeaders.CORRELATION_ID, String.class)).append('\n')
                .append("at: ").append(OffsetDateTime.now(clock)).append('\n')
                .append(outcome).append('\n');
    }

    private FlatFiles.Format format(Exchange exchange) {
        Path layout = mappingsDir.resolve(exchange.getProperty(LAYOUT, String.class));
        String dialect = exchange.getProperty(DIALECT, String.class);
        if (dialect != null && !dialect.isBlank() && !NO_DIALECT.equals(dialect)) {
            // read at each file, so that an edited dialect applies from the next file on
            return FlatFiles.Format.of(CsvDialect.load(mappingsDir.resolve(dialect), layout),
                    exchange.getProperty(STREAM, String.class), exchange.getProperty(GROUP_BY, String.class));
        }
        return new FlatFiles.Format(layout,
                exchange.getProperty(STREAM, String.class), Charset.forName(exchange.getProperty(ENCODING, String.class)),
                exchange.getProperty(GROUP_BY, String.class));
    }

    private static boolean isXml(Exchange exchange) {
        return FORMAT_XML.equals(exchange.getProperty(FORMAT, String.class));
    }

    private XmlDocuments.Format xmlFormat(Exchange exchange) {
        String schema = exchange.getProperty(LAYOUT, String.class);
        return new XmlDocuments.Format(schema == null || schema.isBlank() || "none".equals(schema) ? null
                : mappingsDir.resolve(schema), exchange.getProperty(STREAM, String.class),
                Long.parseLong(exchange.getProperty(MAX_DOCUMENT_BYTES, String.class).trim()));
    }

    /** The instance's XSLT mapping as it is in force in the {@link MappingRegistry} (validated, hot-reloaded). */
    private Templates xsltMapping(Exchange exchange) {
        return XsltMappings.templates(mappings, exchange.getProperty(MAPPING, String.class));
    }

    static String fileName(Exchange exchange) {
        GenericFile<?> file = exchange.getProperty(Exchange.FILE_EXCHANGE_FILE, GenericFile.class);
        if (file != null) {
            return file.getFileNameOnly();
        }
        return exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
    }

    /** A rejected name is kept as it is for the move, but the reason file's own name must stay in {@code .error/}. */
    private static String safe(String name) {
        return name.replace('/', '_').replace('\\', '_');
    }

    /**
     * The file's content as a stream that can be opened again for each pass: the local file (a drop folder, or the
     * local work copy of a remote file) where there is one.
     */
    static Supplier<InputStream> input(Exchange exchange) {
        GenericFile<?> file = exchange.getProperty(Exchange.FILE_EXCHANGE_FILE, GenericFile.class);
        File local = null;
        if (file != null && file.getBody() instanceof File body) {
            local = body;
        } else if (file != null && file.getFile() instanceof File f) {
            local = f;
        } else if (exchange.getMessage().getBody() instanceof File body) {
            local = body;
        }
        if (local != null) {
            Path path = local.toPath();
            return () -> {
                try {
                    return Files.newInputStream(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        }
        // in memory: only when a remote endpoint is used without a local work directory
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        return () -> new ByteArrayInputStream(bytes);
    }

    /** The instance's file limits; none for a connector built without the instances' settings (unit tests). */
    private FileLimits limits(Exchange exchange) {
        return deliveries == null ? FileLimits.NONE
                : deliveries.settings(exchange.getProperty(INSTANCE, String.class)).limits();
    }

    /** SHA-256 and length of a content, read once. */
    record Digest(String sha256, long bytes) {
    }

    static String sha256(Supplier<InputStream> input) {
        return digest(input).sha256();
    }

    static Digest digest(Supplier<InputStream> input) {
        try (DigestInputStream in = new DigestInputStream(input.get(), MessageDigest.getInstance("SHA-256"))) {
            long bytes = in.transferTo(java.io.OutputStream.nullOutputStream());
            return new Digest(HexFormat.of().formatHex(in.getMessageDigest().digest()), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
