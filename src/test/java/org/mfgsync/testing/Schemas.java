package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** Validates JSON against the project's schemas on disk, as the routes do. */
public final class Schemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Schemas() {
    }

    public static JsonSchema jsonSchema(String name) {
        try {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(Files.readString(Path.of("schemas/json/v1", name + ".schema.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Set<ValidationMessage> violations(String schemaName, String json) {
        try {
            return jsonSchema(schemaName).validate(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
