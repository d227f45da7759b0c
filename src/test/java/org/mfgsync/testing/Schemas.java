package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import org.mfgsync.canonical.SchemaValidation;

/** Validates JSON against the project's schemas on disk, as the routes do; $refs resolve from the folder. */
public final class Schemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JSON_SCHEMAS = Path.of("schemas/json");
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaLoaders(loaders -> loaders.schemas(Schemas::local)));

    private Schemas() {
    }

    public static JsonSchema jsonSchema(String name) {
        return FACTORY.getSchema(SchemaLocation.of(SchemaValidation.ID_BASE + "v1/" + name + ".schema.json"));
    }

    public static Set<ValidationMessage> violations(String schemaName, String json) {
        try {
            return jsonSchema(schemaName).validate(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String local(String iri) {
        if (!iri.startsWith(SchemaValidation.ID_BASE)) {
            return null;
        }
        try {
            return Files.readString(JSON_SCHEMAS.resolve(iri.substring(SchemaValidation.ID_BASE.length())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
