package org.mfgsync.connectors.flatfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.mfgsync.MfgsyncConfig;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.mapping.MappingRegistry;

/**
 * The steps of the outbound file template ({@code routes/connectors/file-outbound.camel.yaml}): a canonical document
 * (an event envelope, or a batch of them) becomes the content and the name of one file in the system's layout,
 * through the instance's JSONata mapping as it is in force in the {@link MappingRegistry}. The name comes from the
 * document alone, so that writing the same document again replaces the same file instead of adding a second one.
 */
@ApplicationScoped
@Named("fileOutbound")
public class FileOutbound {

    public static final String LAYOUT = "connectorLayout";
    public static final String STREAM = "connectorStream";
    public static final String MAPPING = "connectorMapping";

    /** Names every file system and FTP/SFTP server takes alike; no leading dot (hidden, and the temp prefix). */
    private static final Pattern PORTABLE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private final Path mappingsDir;
    private final MappingRegistry mappings;
    private final FlatFileWriter writer = new FlatFileWriter();

    @Inject
    public FileOutbound(MfgsyncConfig config, MappingRegistry mappings) {
        this(Path.of(config.mappingsDir()), mappings);
    }

    FileOutbound(Path mappingsDir, MappingRegistry mappings) {
        this.mappingsDir = mappingsDir;
        this.mappings = mappings;
    }

    /** Body: the canonical document's JSON → the file's text; header {@code CamelFileName}: a plain name, never a path. */
    public void render(Exchange exchange) {
        Rendered rendered = render(parse(exchange.getMessage().getBody(String.class)), exchange.getProperty(MAPPING, String.class),
                exchange.getProperty(LAYOUT, String.class), exchange.getProperty(STREAM, String.class));
        exchange.getMessage().setHeader(Exchange.FILE_NAME, rendered.fileName());
        exchange.getMessage().setBody(rendered.content());
    }

    public record Rendered(String fileName, String content) {
    }

    public Rendered render(String canonicalJson, String mapping, String layout, String stream) {
        return render(parse(canonicalJson), mapping, layout, stream);
    }

    private Rendered render(Object document, String mapping, String layout, String stream) {
        Object mapped = mappings.evaluate(mapping, document);
        if (!(mapped instanceof Map<?, ?> file) || !(file.get("fileName") instanceof String fileName)
                || !(file.get("records") instanceof List<?> records)) {
            throw new IllegalStateException("The mapping " + mapping + " gave no 'fileName' and 'records'");
        }
        String problem = FileNames.problem(fileName);
        if (problem == null && !PORTABLE_NAME.matcher(fileName).matches()) {
            problem = "'" + fileName + "' has characters other than letters, digits, '.', '_' and '-', or starts with '.'";
        }
        if (problem != null) {
            throw new IllegalStateException("The mapping " + mapping + " gave a file name that is refused: " + problem);
        }
        return new Rendered(fileName, writer.write(mappingsDir.resolve(layout), stream, records));
    }

    private static Object parse(String json) {
        try {
            return CanonicalJson.MAPPER.readValue(json, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException("The document to write is not JSON: " + e.getMessage(), e);
        }
    }
}
