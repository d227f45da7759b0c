package org.mfgsync.connectors.flatfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.MfgsyncConfig;
import org.mfgsync.governance.reload.MappingRegistry;

/**
 * The step of the outbound file template ({@code routes/connectors/file-outbound.camel.yaml}): a canonical event
 * becomes the content and the name of one file in the system's layout, through the instance's JSONata mapping as it
 * is in force in the {@link MappingRegistry}.
 */
@ApplicationScoped
@Named("fileOutbound")
public class FileOutbound {

    public static final String LAYOUT = "connectorLayout";
    public static final String STREAM = "connectorStream";
    public static final String MAPPING = "connectorMapping";

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

    /** Body: the canonical event's JSON → the file's text; header {@code CamelFileName}: a plain name, never a path. */
    public void render(Exchange exchange) {
        String json = exchange.getMessage().getBody(String.class);
        Rendered rendered = render(json, exchange.getProperty(MAPPING, String.class),
                exchange.getProperty(LAYOUT, String.class), exchange.getProperty(STREAM, String.class));
        exchange.getMessage().setHeader(Exchange.FILE_NAME, rendered.fileName());
        exchange.getMessage().setBody(rendered.content());
    }

    public record Rendered(String fileName, String content) {
    }

    public Rendered render(String canonicalJson, String mapping, String layout, String stream) {
        Object event;
        try {
            event = CanonicalJson.MAPPER.readValue(canonicalJson, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Object mapped = mappings.evaluate(mapping, event);
        if (!(mapped instanceof Map<?, ?> file) || !(file.get("fileName") instanceof String fileName)
                || !(file.get("records") instanceof List<?> records)) {
            throw new IllegalStateException("The mapping " + mapping + " gave no 'fileName' and 'records'");
        }
        String problem = FileNames.problem(fileName);
        if (problem != null) {
            throw new IllegalStateException("The mapping " + mapping + " gave a file name that is refused: " + problem);
        }
        return new Rendered(fileName, writer.write(mappingsDir.resolve(layout), stream, records));
    }
}
