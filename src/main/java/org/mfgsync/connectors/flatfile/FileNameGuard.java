package org.mfgsync.connectors.flatfile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.jboss.logging.Logger;
import org.mfgsync.backbone.LogText;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Consumer filter of the inbound file connector ({@code filter=#fileNameGuard}): a listed file whose name is a path
 * ({@code in\..\..\PO.csv}: the SFTP/FTP consumers turn its backslashes into separators, so the path would lead out
 * of the polled folder) is never taken — not read, not moved, since every operation on that name would act on the
 * file it points to. It stays where it is; the refusal is logged once per name as a warning and counted in
 * {@code mfgsync_connector_files_refused_total{reason="file-name"}}.
 */
@ApplicationScoped
@Named("fileNameGuard")
public class FileNameGuard implements GenericFileFilter<Object> {

    private static final Logger LOG = Logger.getLogger("org.mfgsync.connectors");
    private static final int REMEMBERED = 10_000;

    private final Counter refused;
    /** Names already reported, so that a file left in place is not reported again at every poll. */
    private final Set<String> reported = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    public FileNameGuard(MeterRegistry meters) {
        this.refused = Counter.builder("mfgsync.connector.files.refused").tag("reason", "file-name")
                .description("Input files a connector refused to take because their name is a path").register(meters);
    }

    @Override
    public boolean accept(GenericFile<Object> file) {
        if (file.isDirectory()) {
            return true;
        }
        String problem = problem(file);
        if (problem == null) {
            return true;
        }
        String where = file.getEndpointPath() + " " + file.getRelativeFilePath();
        boolean first;
        synchronized (reported) {
            first = reported.add(where);
        }
        if (first) {
            refused.increment();
            LOG.warnf("File name refused, the file is left in place unread folder=%s file=%s reason=%s",
                    LogText.escape(file.getEndpointPath()), LogText.escape(file.getRelativeFilePath()), problem);
        }
        return false;
    }

    /** Why the file's name as listed (not only its last segment) is refused, or null. */
    static String problem(GenericFile<?> file) {
        String listed = file.getRelativeFilePath();
        String problem = FileNames.problem(listed);
        return problem != null ? problem : FileNames.problem(file.getFileNameOnly());
    }
}
