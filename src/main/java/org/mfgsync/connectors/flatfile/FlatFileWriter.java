package org.mfgsync.connectors.flatfile;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.beanio.BeanWriter;

/**
 * Writes records through a BeanIO layout (fixed width, CSV, ...). The records arrive as a mapping produced them:
 * {@code [{"record": <layout record name>, "fields": {...}}, ...]}.
 */
public final class FlatFileWriter {

    private final RecordLayouts layouts = new RecordLayouts();

    public String write(Path layout, String stream, List<?> records) {
        StringWriter out = new StringWriter();
        BeanWriter writer = layouts.factory(layout).createWriter(stream, out);
        try {
            for (Object record : records) {
                if (!(record instanceof Map<?, ?> entry) || !(entry.get("record") instanceof String name)
                        || !(entry.get("fields") instanceof Map<?, ?> fields)) {
                    throw new IllegalStateException("The mapping gave a record without 'record' name or 'fields': " + record);
                }
                writer.write(name, fields);
            }
            writer.flush();
        } finally {
            writer.close();
        }
        return out.toString();
    }
}
