package org.mfgsync.connectors.flatfile;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.jboss.logging.Logger;
import org.mfgsync.backbone.LogText;
import org.mfgsync.connectors.ConnectorsConfig.Completion;

/**
 * The read lock of the inbound file connector's consumers
 * ({@code exclusiveReadLockStrategy=#class:org.mfgsync.connectors.flatfile.CompleteDeliveryLock('<instance>')}, one per
 * endpoint): a listed file is taken — and, over SFTP/FTP, downloaded — only once {@link CompleteDeliveries} says it is
 * completely delivered by the instance's convention. It never waits inside a poll: a file that is not complete yet is
 * left for a later poll, and the other files of the folder are not held up by it. The exchange gets the
 * {@link CompleteDeliveries.Observation} of the file (property {@value #OBSERVATION}) for the content's own
 * completeness check.
 */
public class CompleteDeliveryLock implements GenericFileExclusiveReadLockStrategy<Object> {

    public static final String OBSERVATION = "connectorFileObservation";

    private static final Logger LOG = Logger.getLogger("org.mfgsync.connectors");

    private final String instance;
    private CompleteDeliveries deliveries;
    private CompleteDeliveries.Settings settings;

    public CompleteDeliveryLock(String instance) {
        this.instance = instance;
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<Object> operations, GenericFileEndpoint<Object> endpoint) {
        deliveries = endpoint.getCamelContext().getRegistry().findSingleByType(CompleteDeliveries.class);
        if (deliveries == null) {
            throw new IllegalStateException("No complete-delivery detection in the registry for instance " + instance);
        }
        settings = deliveries.settings(instance);
        LOG.infof("Inbound files of instance=%s are %s", instance, CompleteDeliveries.describe(settings));
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<Object> operations, GenericFile<Object> file,
            Exchange exchange) {
        String name = file.getFileNameOnly();
        if (deliveries.neverTaken(settings, name).isPresent()) {
            return false;
        }
        var observed = new CompleteDeliveries.Observation(instance, instance + "|" + file.getAbsoluteFilePath(),
                file.getFileLength(), file.getLastModified());
        if (deliveries.heldIncomplete(settings, observed)) {
            return false;
        }
        boolean complete = switch (settings.completion()) {
            case MARKER -> operations.existsFile(marker(file));
            case RENAME -> true;
            case STABLE -> deliveries.stable(settings, observed);
        };
        if (complete && file.getFileLength() > settings.limits().maxFileBytes()) {
            rejectUndownloaded(operations, file, exchange, settings.limits().fileTooLarge(file.getFileLength()));
            deliveries.forget(observed);
            return false;
        }
        if (complete) {
            exchange.setProperty(OBSERVATION, observed);
        } else {
            LOG.debugf("File not complete yet, left for a later poll instance=%s file=%s size=%d", instance,
                    LogText.escape(name), file.getFileLength());
        }
        return complete;
    }

    /** The file was archived (moved to .done/ or .error/): its marker goes, what was observed of it is forgotten. */
    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<Object> operations, GenericFile<Object> file,
            Exchange exchange) {
        if (settings.completion() == Completion.MARKER) {
            String marker = marker(file);
            try {
                operations.deleteFile(marker);
            } catch (RuntimeException e) {
                LOG.warnf("Marker file not removed instance=%s marker=%s: %s", instance, LogText.escape(marker),
                        LogText.escape(e.getMessage()));
            }
        }
        CompleteDeliveries.Observation observed = exchange.getProperty(OBSERVATION, CompleteDeliveries.Observation.class);
        if (observed != null) {
            deliveries.forget(observed);
        }
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<Object> operations, GenericFile<Object> file,
            Exchange exchange) {
        // the file stays where it is and is looked at again at a later poll
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<Object> operations, GenericFile<Object> file,
            Exchange exchange) {
        // nothing held
    }

    /**
     * A file refused on its listing alone (over the instance's size limit): moved to {@code .error/} under its archive
     * name, with its reason file beside it, by the consumer's own connection — never downloaded nor read.
     */
    private void rejectUndownloaded(GenericFileOperations<Object> operations, GenericFile<Object> file, Exchange exchange,
            String reason) {
        String name = file.getFileNameOnly();
        String parent = file.getParent();
        String separator = String.valueOf(file.getFileSeparator());
        String errorFolder = parent == null || parent.isEmpty() ? FileConnector.ERROR : parent + separator + FileConnector.ERROR;
        String archived = FileNames.archived(name, java.time.Instant.now());
        String text = "file: " + name + "\n"
                + "archivedAs: " + archived + "\n"
                + "instance: " + instance + "\n"
                + "size: " + file.getFileLength() + "\n"
                + "at: " + java.time.OffsetDateTime.now() + "\n"
                + "REJECTED: " + reason + "; it was not downloaded (mfgsync.connectors.endpoints." + instance
                + ".intake.max-file-size)\n";
        try {
            operations.buildDirectory(errorFolder, file.isAbsolute());
            // the reason first: whoever sees the file in .error/ finds its reason beside it
            String reasonPath = errorFolder + separator + safe(archived) + FileConnector.REASON_SUFFIX;
            Exchange reasonFile = org.apache.camel.builder.ExchangeBuilder.anExchange(exchange.getContext()).withBody(text)
                    .build();
            operations.storeFile(reasonPath, reasonFile, text.length());
            if (!operations.renameFile(file.getAbsoluteFilePath(), errorFolder + separator + archived)) {
                operations.deleteFile(reasonPath);
                LOG.warnf("File over the size limit could not be moved to %s, left in place instance=%s file=%s",
                        FileConnector.ERROR, instance, LogText.escape(name));
                return;
            }
        } catch (RuntimeException e) {
            LOG.warnf("File over the size limit not archived instance=%s file=%s: %s", instance, LogText.escape(name),
                    e.getMessage());
            return;
        }
        if (settings.completion() == Completion.MARKER) {
            try {
                operations.deleteFile(marker(file));
            } catch (RuntimeException e) {
                LOG.warnf("Marker file not removed instance=%s file=%s: %s", instance, LogText.escape(name), e.getMessage());
            }
        }
        LOG.warnf("File rejected instance=%s file=%s reason=%s reasonFile=%s", instance, LogText.escape(name), reason,
                archived + FileConnector.REASON_SUFFIX);
    }

    private static String safe(String name) {
        return name.replace('/', '_').replace('\\', '_');
    }

    private String marker(GenericFile<Object> file) {
        String parent = file.getParent();
        String marker = settings.markerFor(file.getFileNameOnly());
        return parent == null || parent.isEmpty() ? marker : parent + file.getFileSeparator() + marker;
    }

    // the read lock options of Camel's own strategies (timeout, check interval) do not apply: nothing waits in a poll
    @Override
    public void setTimeout(long timeout) {
    }

    @Override
    public void setCheckInterval(long checkInterval) {
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel level) {
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
    }
}
